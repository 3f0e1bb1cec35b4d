package dev.portcullis.gateway.filter.pinning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.pin.DefinitionHash;
import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.pin.PinMode;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PinReporterIT {

    private Vertx vertx;
    private TestRedisEndpoint redis;
    private PinReporter reporter;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        redis = TestRedis.create();
        reporter = new PinReporter(vertx, new GatewaySettings.CounterStore(redis.url(), redis.keyPrefix(),
                Duration.ofSeconds(1), GatewaySettings.OnRedisFailure.LOCAL), "gw-1");
    }

    @AfterEach
    void stop() throws Exception {
        reporter.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }

    @Test
    void sendsNoReportTheControlPlaneWouldDropAndCountsItUnsent() throws Exception {
        ObjectNode unstorable = tool("bad", "text with a NUL \u0000 PostgreSQL cannot store");
        ObjectNode fine = tool("good", "a description");

        reporter.report("mock", PinKind.TOOL, "bad", DefinitionHash.ofDefinition(unstorable), null, unstorable,
                PinMode.ENFORCE);
        reporter.report("mock", PinKind.TOOL, "good", DefinitionHash.ofDefinition(fine), null, fine,
                PinMode.ENFORCE);

        await().atMost(Duration.ofSeconds(10)).until(() -> length() == 1);
        assertThat(entries().toString()).contains("\"name\":\"good\"").doesNotContain("\"name\":\"bad\"");
        assertThat(reporter.unsent()).isEqualTo(1);
        assertThat(reporter.changes()).isEqualTo(2);

        reporter.report("mock", PinKind.TOOL, "bad", DefinitionHash.ofDefinition(unstorable), null, unstorable,
                PinMode.ENFORCE);
        assertThat(reporter.unsent()).as("the same change is not judged again").isEqualTo(1);
    }

    private static ObjectNode tool(String name, String description) {
        ObjectNode tool = Json.mapper().createObjectNode().put("name", name).put("description", description);
        tool.putObject("inputSchema").put("type", "object");
        return DefinitionHash.definition(PinKind.TOOL, tool);
    }

    private long length() throws Exception {
        try (RespClient client = RespClient.connect(redis.endpoint(), Duration.ofSeconds(2))) {
            return (Long) client.command("XLEN", redis.keyPrefix() + PinReporter.STREAM);
        }
    }

    private List<?> entries() throws Exception {
        try (RespClient client = RespClient.connect(redis.endpoint(), Duration.ofSeconds(2))) {
            return (List<?>) client.command("XRANGE", redis.keyPrefix() + PinReporter.STREAM, "-", "+");
        }
    }
}
