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
 * Runs the dashboard's everyday-ergonomics browser tests ({@code src/test/browser/ux.spec.mjs}: the overview, root and
 * favicon, navigation widths, save feedback, readable diffs, multi-pickers, the Connect panel, Monitoring labels, the
 * Users actions) on a stack of its own, since they send traffic that the Monitoring tests of
 * {@link DashboardBrowserIT} must not see.
 */
class DashboardErgonomicsBrowserIT {

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.withDashboardGatewayUrl("ergonomics");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everydayErgonomicsBrowserTestsPass() throws IOException, InterruptedException {
        String log = BrowserSpecs.run("ux.spec.mjs", stack.browserEnvironment());

        assertThat(log).contains("13/13 ux browser tests passed");
        assertThat(Path.of("target/screenshots/overview.png")).exists();
        assertThat(Path.of("target/screenshots/designer-connect.png")).exists();
    }
}
