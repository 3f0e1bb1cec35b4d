package dev.portcullis.e2e;

import dev.portcullis.e2e.support.BrowserSpecs;
import dev.portcullis.e2e.support.E2eStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the virtual server browser tests ({@code src/test/browser/virtual-servers.spec.mjs}) on a stack of their own
 * (control plane, gateway {@value E2eStack#GATEWAY}, mock MCP server), so the virtual server they create is in no
 * other browser test's configuration. Screenshots land in {@code target/screenshots/}; see {@link BrowserSpecs}.
 */
class VirtualServerBrowserIT {

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.withDashboardGatewayUrl("virtual-servers");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void virtualServerBrowserTestsPass() throws IOException, InterruptedException {
        String log = BrowserSpecs.run("virtual-servers.spec.mjs", stack.browserEnvironment());

        assertThat(log).contains("4/4 virtual browser tests passed");
        assertThat(Path.of("target/screenshots/virtual-server-registry.png")).exists();
        assertThat(Path.of("target/screenshots/virtual-server-members.png")).exists();
        assertThat(Path.of("target/screenshots/virtual-server-primitives.png")).exists();
    }
}
