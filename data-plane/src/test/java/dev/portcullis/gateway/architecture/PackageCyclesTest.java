package dev.portcullis.gateway.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway's packages form layers: no package depends, directly or through others, on a package that depends on
 * it. Each top-level package below {@code dev.portcullis.gateway} (with its subpackages) is one slice; the wiring
 * classes of the root package stand above them all.
 */
class PackageCyclesTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.portcullis.gateway");

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.portcullis.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }
}
