package dev.portcullis.e2e;

import dev.portcullis.e2e.support.BrowserSpecs;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.launcher.up.DemoSeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the MCP designer browser tests and the quickstart walk-through ({@code src/test/browser/designer.spec.mjs})
 * against a stack like {@code ./portcullis up}: control plane, one gateway, the mock MCP server and the demo seed, with
 * the example plugins in both planes' plugins folder.
 * Screenshots land in {@code target/screenshots/}; docs/images holds copies of the quickstart ones.
 */
class DesignerBrowserIT {

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.start("designer", builder -> builder.env("PORTCULLIS_PLUGINS_DIR",
                System.getProperty("portcullis.e2e.plugins-dir")));
        new DemoSeed(stack.stack().controlPlane().baseUrl(), stack.stack().adminToken(), "").run(stack.mockUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void designerAndQuickstartBrowserTestsPass() throws IOException, InterruptedException {
        String log = BrowserSpecs.run("designer.spec.mjs", Map.of(
                "BASE_URL", stack.stack().controlPlane().baseUrl(),
                "ADMIN_PASSWORD", stack.stack().adminPassword(),
                "ADMIN_TOKEN", stack.stack().adminToken(),
                "GATEWAY_MCP_URL", stack.gateway().mcpUrl(DemoSeed.LISTEN_PATH)));

        assertThat(log).contains("8/8 designer browser tests passed");
        assertThat(Path.of("target/screenshots/quickstart-6-tools-listed.png")).exists();
    }
}
