package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpClients;
import dev.portcullis.e2e.support.McpHttp;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway keeps serving its last good configuration while the control plane is down, even across a restart. */
class ControlPlaneOutageIT {

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.start("outage", builder -> builder);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void gatewayServesFromItsLastGoodSnapshotWhileTheControlPlaneIsDown() {
        stack.api().createProxy("outage-mock", "/outage-mock/", stack.mockUrl());
        String key = stack.api().createKey("outage-agent", List.of("outage-mock")).path("key").asText();
        String mcpUrl = stack.gateway().mcpUrl("/outage-mock/");
        GatewayConfig.awaitKeyAccepted(mcpUrl, key);

        stack.stack().controlPlane().kill();
        assertThat(listedTools(mcpUrl, key)).isEqualTo(15);

        stack.gateway().restart();
        assertThat(Files.exists(stack.gateway().dataDirectory().resolve("snapshot.json"))).isTrue();
        assertThat(listedTools(mcpUrl, key)).isEqualTo(15);
        assertThat(McpHttp.post(mcpUrl, McpHttp.INITIALIZE, java.util.Map.of()).status()).isEqualTo(401);

        stack.stack().controlPlane().start();
        String laterKey = stack.api().createKey("after-outage", List.of("outage-mock")).path("key").asText();
        GatewayConfig.awaitKeyAccepted(mcpUrl, laterKey);
    }

    private static int listedTools(String mcpUrl, String key) {
        try (McpSyncClient client = McpClients.connect(mcpUrl, key)) {
            client.initialize();
            return client.listTools().tools().size();
        }
    }
}
