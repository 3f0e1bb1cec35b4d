package dev.portcullis.model.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.Violations;
import dev.portcullis.plugin.GatewayPlugin;
import dev.portcullis.plugin.PluginFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledPluginsTest {

    private static final ProxyDefinition PROXY = ProxyDefinition.parse("""
            {"id":"p","name":"p","listenPath":"/p/","upstream":{"url":"http://127.0.0.1:1"},
             "global":{"plugins":[{"name":"strict","config":{"bad":true}},{"name":"elsewhere"}]},
             "tools":{"t":{"plugins":[{"name":"strict","config":{}}]}}}""");

    @TempDir
    Path folder;

    @Test
    void reportsConfigsThePluginRefusesUnderTheirFieldAndMissingPluginsOnlyWhenRequired() {
        InstalledPlugins installed = InstalledPlugins.of(List.of(new Strict()));

        assertThat(errors(installed, false)).containsExactly("global.plugins[0].config: bad is not allowed");
        assertThat(errors(installed, true)).containsExactly("global.plugins[0].config: bad is not allowed",
                "global.plugins[1].name: plugin elsewhere is not installed");
    }

    @Test
    void refusesTwoPluginsOfOneName() {
        assertThatThrownBy(() -> InstalledPlugins.of(List.of(new Strict(), new Strict())))
                .isInstanceOf(IllegalStateException.class).hasMessage("two installed plugins are named strict");
    }

    @Test
    void aMissingFolderHasNoPlugins() {
        assertThat(PluginFolder.load(folder.resolve("absent")).names()).isEmpty();
    }

    @Test
    void aJarWhoseProviderCannotBeLoadedStopsTheStartNamingTheJar() throws IOException {
        try (OutputStream file = Files.newOutputStream(folder.resolve("broken.jar"));
             JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new ZipEntry("META-INF/services/dev.portcullis.plugin.GatewayPlugin"));
            jar.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }

        assertThatThrownBy(() -> PluginFolder.load(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("plugin jar broken.jar cannot be loaded");
    }

    private static List<String> errors(InstalledPlugins installed, boolean requireInstalled) {
        Violations root = Violations.root();
        installed.check(root, PROXY, requireInstalled);
        return root.list().stream().map(FieldError::toString).toList();
    }

    /** Accepts only an empty config. */
    static final class Strict implements GatewayPlugin {
        @Override
        public String name() {
            return "strict";
        }

        @Override
        public List<String> validate(JsonNode config) {
            return config.has("bad") ? List.of("bad is not allowed") : List.of();
        }

        @Override
        public PluginFilter create(JsonNode config) {
            return new PluginFilter() { };
        }
    }
}
