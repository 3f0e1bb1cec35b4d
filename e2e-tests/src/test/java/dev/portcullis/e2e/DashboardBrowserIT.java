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
 * Runs the dashboard browser tests ({@code src/test/browser/*.spec.mjs}, one node process each: headless Debian
 * chromium driven by playwright-core) against the packaged products (control plane on its own PostgreSQL database,
 * gateway {@value E2eStack#GATEWAY}, mock MCP server). Screenshots land in {@code target/screenshots/}. Needs
 * {@code /usr/bin/chromium} ({@code .ci/run} installs it); see {@link BrowserSpecs}.
 */
class DashboardBrowserIT {

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.withDashboardGatewayUrl("dashboard");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void dashboardBrowserTestsPass() throws IOException, InterruptedException {
        String log = run("dashboard.spec.mjs");

        assertThat(log).contains("7/7 browser tests passed");
        assertThat(Path.of("target/screenshots/signed-in-registry.png")).exists();
    }

    @Test
    void monitoringAndGatewaysBrowserTestsPass() throws IOException, InterruptedException {
        String log = run("monitoring.spec.mjs");

        assertThat(log).contains("5/5 browser tests passed");
        assertThat(Path.of("target/screenshots/monitoring.png")).exists();
        assertThat(Path.of("target/screenshots/gateways.png")).exists();
    }

    @Test
    void keysAndPoliciesBrowserTestsPass() throws IOException, InterruptedException {
        String log = run("keys-policies.spec.mjs");

        assertThat(log).contains("5/5 browser tests passed");
        assertThat(Path.of("target/screenshots/keys.png")).exists();
    }

    @Test
    void historyBrowserTestsPass() throws IOException, InterruptedException {
        String log = run("history.spec.mjs");

        assertThat(log).contains("4/4 history browser tests passed");
        assertThat(Path.of("target/screenshots/history-rolled-back.png")).exists();
    }

    @Test
    void tykImportBrowserTestsPass() throws IOException, InterruptedException {
        String log = run("tyk-import.spec.mjs");

        assertThat(log).contains("2/2 import browser tests passed");
        assertThat(Path.of("target/screenshots/tyk-import-preview.png")).exists();
    }

    private static String run(String spec) throws IOException, InterruptedException {
        return BrowserSpecs.run(spec, stack.browserEnvironment());
    }
}
