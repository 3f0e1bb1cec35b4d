package dev.portcullis.model.analytics;

import org.junit.jupiter.api.Test;

import dev.portcullis.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalyticsRecordJsonTest {

    private static final AnalyticsRecord RECORD = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000001",
            Instant.parse("2026-01-02T03:04:05.678Z"), "gw-1", "crm", "POST", "/crm/mcp", 200, 1500L, 1200L, 80L,
            512L, "key", "k1", "agent", "tools/call", "tool", "get_users", null, null, "0123456789abcdef", null);

    @Test
    void roundTripsWithCamelCaseNamesAndNullsOmitted() {
        String json = AnalyticsRecordJson.write(RECORD);

        assertThat(json).contains("\"mcpPrimitiveName\":\"get_users\"", "\"time\":\"2026-01-02T03:04:05.678Z\"")
                .doesNotContain("mcpErrorCode", "traceId", "null", "\"error\"");
        assertThat(AnalyticsRecordJson.read(json)).isEqualTo(RECORD);
    }

    @Test
    void writesExactlyTheRecordsJacksonFormWithEveryFieldSetOrNull() throws Exception {
        AnalyticsRecord full = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000002",
                Instant.parse("2026-01-02T03:04:05Z"), "gw-1", "crm", "POST", "/crm/mcp", 429, 1500L, 1200L, 80L,
                512L, "key", "k1", "agent \"quoted\" \u00e9", "tools/call", "tool", "get_users", -32003,
                "rate_limited", "0123456789abcdef", "4bf92f3577b34da6a3ce929d0e0e4736", -32602, true);
        AnalyticsRecord sparse = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000003",
                Instant.parse("2026-01-02T03:04:05.000000123Z"), "gw-1", null, "GET", "/", 404, 0L, null, 0L, 0L,
                null, null, null, null, null, null, null, null, null, null, null, false);

        for (AnalyticsRecord record : new AnalyticsRecord[] {RECORD, full, sparse}) {
            String json = AnalyticsRecordJson.write(record);
            assertThat(json).isEqualTo(Json.mapper().writeValueAsString(record));
            assertThat(AnalyticsRecordJson.read(json)).isEqualTo(record);
        }
    }

    @Test
    void carriesTheTruncatedFlagOnlyWhenSet() throws Exception {
        AnalyticsRecord truncated = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000004",
                Instant.parse("2026-01-02T03:04:05Z"), "gw-1", "crm", "POST", "/crm/mcp", 400, 10L, null, 80L, 90L,
                null, null, null, "tools/call", "tool", "t".repeat(256), -32602, "name_too_long", null, null, null,
                false, true);

        String json = AnalyticsRecordJson.write(truncated);

        assertThat(json).contains("\"truncated\":true").isEqualTo(Json.mapper().writeValueAsString(truncated));
        assertThat(AnalyticsRecordJson.read(json)).isEqualTo(truncated);
        assertThat(AnalyticsRecordJson.write(RECORD)).doesNotContain("truncated");
    }

    @Test
    void carriesTheProtocolVersionAndReadsRecordsOfGatewaysThatDidNot() throws Exception {
        AnalyticsRecord stateless = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000005",
                Instant.parse("2026-01-02T03:04:05Z"), "gw-1", "crm", "POST", "/crm/mcp", 200, 10L, 8L, 80L, 90L,
                null, null, null, "server/discover", null, null, null, null, null, null, null, false, false,
                "2026-07-28");

        String json = AnalyticsRecordJson.write(stateless);

        assertThat(json).contains("\"protocolVersion\":\"2026-07-28\"")
                .isEqualTo(Json.mapper().writeValueAsString(stateless));
        assertThat(AnalyticsRecordJson.read(json)).isEqualTo(stateless);
        assertThat(AnalyticsRecordJson.read(json.replace(",\"protocolVersion\":\"2026-07-28\"", ""))
                .protocolVersion()).isNull();
    }

    @Test
    void carriesTheMemberOfAVirtualServer() throws Exception {
        AnalyticsRecord viaVirtual = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000008",
                Instant.parse("2026-01-02T03:04:05Z"), "gw-1", "all-tools", "POST", "/all/mcp", 200, 10L, 8L, 80L,
                90L, "key", "k1", "agent", "tools/call", "tool", "mock_get_users", null, null, null, null, null, false,
                false, "2025-11-25", "mock-mcp");

        String json = AnalyticsRecordJson.write(viaVirtual);

        assertThat(json).endsWith(",\"member\":\"mock-mcp\"}").isEqualTo(Json.mapper().writeValueAsString(viaVirtual));
        assertThat(AnalyticsRecordJson.read(json)).isEqualTo(viaVirtual);
        assertThat(AnalyticsRecordJson.read(json.replace(",\"member\":\"mock-mcp\"", "")).member()).isNull();
        assertThat(AnalyticsRecordJson.writeUtf8(viaVirtual)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheBytesOfTheRecordsJacksonFormInUtf8() throws Exception {
        AnalyticsRecord accents = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000006",
                Instant.parse("2026-01-02T03:04:05Z"), "gw-1", "crm", "POST", "/crm/mcp", 200, 10L, 8L, 80L, 90L,
                "key", "k1", "agent \"\u00e9\u4e2d\ud83d\ude00\"\n", "tools/call", "tool", "get_\u0001users", null,
                null, null, null, null, false);
        AnalyticsRecord loneSurrogate = new AnalyticsRecord("3b0c1f9e-0000-4000-8000-000000000007",
                Instant.parse("2026-01-02T03:04:05Z"), "gw-1", "crm", "POST", "/crm/mcp", 200, 10L, 8L, 80L, 90L,
                "key", "k1", "half \ud83d pair", "tools/call", "tool", "get_users", null, null, null, null, null,
                false);

        for (AnalyticsRecord record : new AnalyticsRecord[] {RECORD, accents, loneSurrogate}) {
            assertThat(AnalyticsRecordJson.writeUtf8(record))
                    .isEqualTo(Json.mapper().writeValueAsString(record).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void ignoresFieldsANewerGatewayAdded() {
        String json = AnalyticsRecordJson.write(RECORD).replaceFirst("\\{", "{\"region\":\"eu\",");

        assertThat(AnalyticsRecordJson.read(json)).isEqualTo(RECORD);
    }

    @Test
    void refusesMalformedOrIncompleteEntriesWithoutQuotingThem() {
        assertThatThrownBy(() -> AnalyticsRecordJson.read("{\"secret-ish\":"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret-ish");
        assertThatThrownBy(() -> AnalyticsRecordJson.read("{\"id\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnalyticsRecordJson.read(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
