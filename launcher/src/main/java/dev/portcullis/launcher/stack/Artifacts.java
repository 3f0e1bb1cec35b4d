package dev.portcullis.launcher.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The packaged products, as built by {@code ./mvnw -B package -DskipTests} at the repository root.
 */
public record Artifacts(Path controlPlaneJar, Path gatewayJar, Path mockJar) {

    public Artifacts {
        Objects.requireNonNull(controlPlaneJar, "controlPlaneJar");
        Objects.requireNonNull(gatewayJar, "gatewayJar");
        Objects.requireNonNull(mockJar, "mockJar");
    }

    public static Artifacts inRepository(Path root) {
        return new Artifacts(
                root.resolve("control-plane/target/quarkus-app/quarkus-run.jar"),
                root.resolve("data-plane/target/quarkus-app/quarkus-run.jar"),
                root.resolve("mock-mcp-server/target/mock-mcp-server.jar"));
    }

    /** Artifacts that do not exist yet, for a clear "build first" message. */
    public List<Path> missing() {
        List<Path> missing = new ArrayList<>();
        for (Path jar : List.of(controlPlaneJar, gatewayJar, mockJar)) {
            if (!Files.isRegularFile(jar)) {
                missing.add(jar);
            }
        }
        return missing;
    }

    /**
     * The repository root: system property {@code portcullis.root}, else env {@code PORTCULLIS_REPO_ROOT}, else the
     * nearest directory at or above the working directory that holds {@code pom.xml}, {@code control-plane/} and
     * {@code data-plane/} (so tests running in a module directory find it).
     */
    public static Path findRepositoryRoot() {
        String configured = System.getProperty("portcullis.root", System.getenv("PORTCULLIS_REPO_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("pom.xml"))
                    && Files.isDirectory(candidate.resolve("control-plane"))
                    && Files.isDirectory(candidate.resolve("data-plane"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the Portcullis repository root above " + start
                + "; set -Dportcullis.root or PORTCULLIS_REPO_ROOT");
    }
}
