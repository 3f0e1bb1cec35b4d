package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.HeaderDispatchingUpstream;
import dev.portcullis.gateway.support.NodeClients;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.json.Json;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official TypeScript client 2.4.0, pinned to MCP 2026-07-28, calls a tool whose input schema mirrors an
 * argument into {@code Mcp-Param-Region}, through the gateway (which checks that header) to an upstream that
 * dispatches on the headers: the client's own encoding (Base64 for a non-ASCII value) passes the check and reaches
 * the upstream unchanged.
 */
class ParamHeaderSdkIT {

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static HeaderDispatchingUpstream upstream;
    private static TestFeed feed;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NodeClients.nodeAvailable(), "node is not installed");
        NodeClients.installDependencies();
        vertx = Vertx.vertx();
        upstream = HeaderDispatchingUpstream.start(vertx, """
                {"resultType":"complete","supportedVersions":["2026-07-28"],
                 "serverInfo":{"name":"header-dispatching","version":"1"},"capabilities":{"tools":{}}}""", """
                [{"name":"execute_sql","inputSchema":{"type":"object","properties":{
                   "region":{"type":"string","x-mcp-header":"Region"},"query":{"type":"string"}}}}]""");
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(TestProxies.definition("params", "/params/", upstream.url(), """
                "authentication":{"enabled":false},""")), List.of()));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, upstream);
    }

    @Test
    void theClientsMirroredArgumentPassesTheCheckAndReachesTheUpstream() throws Exception {
        String line = NodeClients.lastLine("param-header-client.mjs", gateway.baseUrl() + "/params/mcp",
                "execute_sql", "{\"region\":\"Zürich 1\",\"query\":\"SELECT 1\"}");

        assertThat(line).as("the client's outcome").isNotNull();
        JsonNode seen = Json.mapper().readTree(line);
        assertThat(seen.has("failed")).as(line).isFalse();
        assertThat(seen.get("tools")).extracting(JsonNode::asText).containsExactly("execute_sql");
        assertThat(seen.get("call").asText()).as(line).isEqualTo("ran execute_sql");
        HeaderDispatchingUpstream.Received call = upstream.received().stream()
                .filter(received -> "tools/call".equals(received.headers().get("Mcp-Method"))).findFirst()
                .orElseThrow();
        assertThat(call.headers().getAll("Mcp-Param-Region")).containsExactly("=?base64?WsO8cmljaCAx?=");
    }
}
