package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.e2e.support.BrowserSpecs;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.stack.GatewaySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS through the gateway in headless Chromium ({@code src/test/browser/cors.spec.mjs}): a page from another origin
 * runs the official TypeScript SDK's client against a proxy with {@code global.cors}, and a page from an origin the
 * proxy does not allow is refused.
 */
class CorsBrowserIT {

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        int gatewayPort = FreePorts.pick();
        stack = E2eStack.start("cors", builder -> builder
                .gateway(GatewaySettings.of(E2eStack.GATEWAY).withPorts(gatewayPort, 0)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBrowserPageOfAnAllowedOriginUsesTheSdkThroughTheGatewayAndAnotherIsRefused()
            throws IOException, InterruptedException {
        String log = BrowserSpecs.run("cors.spec.mjs", Map.of(
                "BASE_URL", stack.stack().controlPlane().baseUrl(),
                "ADMIN_PASSWORD", stack.stack().adminPassword(),
                "ADMIN_TOKEN", stack.stack().adminToken(),
                "GATEWAY_URL", stack.gateway().baseUrl(),
                "MOCK_URL", stack.mockUrl()));

        assertThat(log).contains("2/2 cors browser tests passed");
        assertThat(Path.of("target/screenshots/cors-allowed-origin.png")).exists();
    }
}
