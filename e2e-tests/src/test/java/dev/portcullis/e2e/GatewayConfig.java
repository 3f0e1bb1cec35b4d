package dev.portcullis.e2e;

import static org.awaitility.Awaitility.await;

import dev.portcullis.e2e.support.McpHttp;
import java.time.Duration;

/** Waits for configuration made through the Dashboard API to reach a gateway. */
final class GatewayConfig {

    private GatewayConfig() {
    }

    /** Until the gateway accepts {@code key} on {@code mcpUrl} (an initialize answered 200). */
    static void awaitKeyAccepted(String mcpUrl, String key) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> McpHttp.post(mcpUrl, McpHttp.INITIALIZE, McpHttp.bearer(key)).status() == 200);
    }
}
