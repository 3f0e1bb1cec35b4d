package dev.portcullis.gateway.observe.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.observe.TestRecords;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.json.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogLineTest {

    @Test
    void writesTheAdrFieldsInSnakeCaseWithMillisecondLatencies() {
        String line = AccessLogLine.of(TestRecords.toolCall("mock", "get_users"));

        assertThat(line).isEqualTo("{\"time\":\"2025-06-01T12:00:00.123Z\",\"gateway\":\"gw-1\",\"proxy\":\"mock\","
                + "\"method\":\"POST\",\"path\":\"/mock/mcp\",\"status\":200,\"latency_ms\":12.345,"
                + "\"upstream_latency_ms\":10.001,\"bytes_in\":120,\"bytes_out\":480,\"key_id\":\"k1\","
                + "\"alias\":\"alice\",\"consumer_type\":\"key\",\"mcp_method\":\"tools/call\","
                + "\"mcp_primitive_type\":\"tool\",\"mcp_primitive_name\":\"get_users\","
                + "\"session_id_hash\":\"0123456789abcdef\",\"record_id\":\"5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5\"}");
    }

    @Test
    void omitsAbsentFieldsAndKeepsTheGatewayError() throws Exception {
        JsonNode line = Json.mapper().readTree(AccessLogLine.of(
                TestRecords.refused(null, "tools/call", 429, -32003, "rate_limited")));

        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("time", "gateway", "method", "path", "status", "latency_ms", "bytes_in",
                "bytes_out", "mcp_method", "mcp_error_code", "error_reason", "record_id");
        assertThat(line.get("latency_ms").decimalValue()).isEqualByComparingTo("0.800");
        assertThat(line.get("mcp_error_code").asInt()).isEqualTo(-32003);
    }

    @Test
    void flagsARecordWhoseStringsWereCutAndOmitsTheFlagOtherwise() {
        AnalyticsRecord call = TestRecords.toolCall("mock", "get_users");
        AnalyticsRecord cut = new AnalyticsRecord(call.id(), call.time(), call.gateway(), call.proxy(),
                call.httpMethod(), call.path(), 400, call.latencyMicros(), null, call.bytesIn(), call.bytesOut(),
                null, null, null, "tools/call", "tool", "x".repeat(256), -32602, "name_too_long", null, null, null,
                false, true);

        assertThat(AccessLogLine.of(cut)).endsWith(",\"truncated\":true}");
        assertThat(AccessLogLine.of(call)).doesNotContain("truncated");
    }

    @Test
    void escapesWhatAnAgentPutInThePath() {
        var record = TestRecords.toolCall("mock", "a\"b\nc");

        assertThat(AccessLogLine.of(record)).contains("\"mcp_primitive_name\":\"a\\\"b\\nc\"").doesNotContain("\n");
    }

    @Test
    void appendsEachLineAsJsonInUtf8AndANewlineWithTheNameAsSent() throws Exception {
        String[] names = {"get_users", "a\"b\nc\u0001", "caf\u00e9 \u4e2d", "smile \ud83d\ude00", "half \ud83d pair"};
        JsonBytes out = new JsonBytes(16);
        for (String name : names) {
            AccessLogLine.appendTo(out, TestRecords.toolCall("mock", name), "http://mock:7878", null);
        }

        String text = new String(out.toByteArray(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        String[] lines = text.split("\n");
        assertThat(lines).hasSameSizeAs(names);
        for (int i = 0; i < names.length; i++) {
            JsonNode line = Json.mapper().readTree(lines[i]);
            // UTF-8 cannot carry a lone surrogate: it is written as '?', as String.getBytes writes it
            String sent = new String(names[i].getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertThat(line.get("mcp_primitive_name").textValue()).isEqualTo(sent);
            assertThat(line.get("upstream_target").textValue()).isEqualTo("http://mock:7878");
            assertThat(lines[i]).isEqualTo(AccessLogLine.of(TestRecords.toolCall("mock", names[i]),
                    "http://mock:7878"));
        }
    }
}
