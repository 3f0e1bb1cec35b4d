package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpHttp;
import dev.portcullis.e2e.support.TamperingFeedProxy;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.stack.GatewaySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A snapshot altered on its way to the gateway is refused, reported, and leaves the old configuration in force. */
class TamperedSnapshotIT {

    private static TamperingFeedProxy tamperer;
    private static E2eStack stack;

    @BeforeAll
    static void start() throws Exception {
        int controlPlanePort = FreePorts.pick();
        tamperer = new TamperingFeedProxy("http://127.0.0.1:" + controlPlanePort);
        stack = E2eStack.start("tamper", builder -> builder
                .controlPlanePort(controlPlanePort)
                .gateway(GatewaySettings.of(E2eStack.GATEWAY)
                        .withEnvironment(Map.of("PORTCULLIS_CONTROL_PLANE_URL", tamperer.url()))));
    }

    @AfterAll
    static void stop() {
        stack.close();
        tamperer.close();
    }

    @Test
    void refusesASnapshotWithAFlippedByteAndKeepsServingTheOldOne() {
        stack.api().createProxy("tamper-mock", "/tamper-mock/", stack.mockUrl());
        String goodKey = stack.api().createKey("before-tampering", List.of("tamper-mock")).path("key").asText();
        String mcpUrl = stack.gateway().mcpUrl("/tamper-mock/");
        GatewayConfig.awaitKeyAccepted(mcpUrl, goodKey);
        long appliedBefore = stack.api().gateway(E2eStack.GATEWAY).path("appliedVersion").asLong();

        tamperer.arm(true);
        String refusedKey = stack.api().createKey("during-tampering", List.of("tamper-mock")).path("key").asText();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.api().gateway(E2eStack.GATEWAY).path("lastRejection").isObject());
        JsonNode gateway = stack.api().gateway(E2eStack.GATEWAY);
        assertThat(tamperer.tampered()).isPositive();
        assertThat(gateway.path("appliedVersion").asLong()).isEqualTo(appliedBefore);
        assertThat(gateway.at("/lastRejection/reason").asText()).isNotBlank();
        assertThat(McpHttp.post(mcpUrl, McpHttp.INITIALIZE, McpHttp.bearer(goodKey)).status()).isEqualTo(200);
        assertThat(McpHttp.post(mcpUrl, McpHttp.INITIALIZE, McpHttp.bearer(refusedKey)).status()).isEqualTo(401);

        tamperer.arm(false);
        String laterKey = stack.api().createKey("after-tampering", List.of("tamper-mock")).path("key").asText();
        GatewayConfig.awaitKeyAccepted(mcpUrl, laterKey);
        assertThat(McpHttp.post(mcpUrl, McpHttp.INITIALIZE, McpHttp.bearer(refusedKey)).status()).isEqualTo(200);
    }
}
