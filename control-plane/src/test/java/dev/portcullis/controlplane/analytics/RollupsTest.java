package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RollupsTest {

    private static AnalyticsRecord record(String time, String tool, int status, Integer errorCode, long micros,
                                          String alias) {
        return new AnalyticsRecord(UUID.randomUUID().toString(), Instant.parse(time), "gw", "crm", "POST",
                "/crm/mcp", status, micros, null, 0, 0, "key", "k1", alias, "tools/call", "tool", tool, errorCode,
                null, null, null);
    }

    @Test
    void foldsRecordsOfOneKeyAndBucketIntoOneAdditiveRow() {
        List<AnalyticsRecord> records = List.of(
                record("2026-01-01T10:00:05Z", "get_users", 200, null, 2_000, null),
                record("2026-01-01T10:00:55Z", "get_users", 200, null, 8_000, "agent"),
                record("2026-01-01T10:01:00Z", "get_users", 200, null, 4_000, null));

        Map<RollupKey, RollupRow> minutes = Rollups.fold(records, Resolution.MINUTE);
        Map<RollupKey, RollupRow> hours = Rollups.fold(records, Resolution.HOUR);

        assertThat(minutes).hasSize(2);
        RollupRow first = minutes.get(RollupKey.of(records.get(0), Resolution.MINUTE));
        assertThat(first.requests()).isEqualTo(2);
        assertThat(first.errors()).isZero();
        assertThat(first.latencySumMicros()).isEqualTo(10_000);
        assertThat(first.latencyMaxMicros()).isEqualTo(8_000);
        assertThat(first.alias()).isEqualTo("agent");
        assertThat(first.histogram()[1]).isEqualTo(1);
        assertThat(first.histogram()[3]).isEqualTo(1);
        assertThat(hours).hasSize(1);
        RollupRow hour = hours.values().iterator().next();
        assertThat(hour.requests()).isEqualTo(3);
        assertThat(hour.latencySumMicros()).isEqualTo(14_000);
        assertThat(RollupKey.of(records.get(0), Resolution.HOUR).bucket())
                .isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    }

    @Test
    void foldsIntoTheSameKeyOrderWhateverTheRecordOrderSoConcurrentIngestsLockRowsAlike() {
        List<AnalyticsRecord> records = List.of(
                record("2026-01-01T10:02:00Z", "b_tool", 200, null, 1, null),
                record("2026-01-01T10:00:00Z", "z_tool", 500, null, 1, null),
                record("2026-01-01T10:00:00Z", "a_tool", 200, null, 1, null),
                record("2026-01-01T10:00:00Z", "a_tool", 200, -32003, 1, null));
        List<AnalyticsRecord> reversed = new java.util.ArrayList<>(records);
        java.util.Collections.reverse(reversed);

        List<RollupKey> keys = List.copyOf(Rollups.fold(records, Resolution.MINUTE).keySet());

        assertThat(keys).isSortedAccordingTo(RollupKey.ORDER)
                .containsExactlyElementsOf(Rollups.fold(reversed, Resolution.MINUTE).keySet());
        assertThat(keys).extracting(RollupKey::primitiveName).containsExactly("a_tool", "a_tool", "z_tool", "b_tool");
        assertThat(List.copyOf(TrafficRollupWriter.fold(Rollups.fold(reversed, Resolution.MINUTE)).keySet()))
                .isSortedAccordingTo(TrafficRollupWriter.TrafficKey.ORDER).hasSize(3);
    }

    @Test
    void countsHttpErrorsAndGatewayErrorsAndKeysThemByStatusAndCode() {
        List<AnalyticsRecord> records = List.of(
                record("2026-01-01T10:00:00Z", "t", 500, null, 1, null),
                record("2026-01-01T10:00:00Z", "t", 200, -32004, 1, null),
                record("2026-01-01T10:00:00Z", "t", 200, null, 1, null));

        Map<RollupKey, RollupRow> rows = Rollups.fold(records, Resolution.DAY);

        assertThat(rows).hasSize(3);
        assertThat(rows.values().stream().mapToLong(RollupRow::errors).sum()).isEqualTo(2);
        assertThat(rows.keySet()).extracting(RollupKey::errorCode).containsExactlyInAnyOrder(0, -32004, 0);
    }

    @Test
    void storesAbsentDimensionsAsEmptyAndZero() {
        AnalyticsRecord refused = new AnalyticsRecord(UUID.randomUUID().toString(),
                Instant.parse("2026-01-01T10:00:00Z"), "gw", null, "GET", "/nowhere", 404, 10, null, 0, 0, null,
                null, null, null, null, null, null, null, null, null);

        RollupKey key = RollupKey.of(refused, Resolution.MINUTE);

        assertThat(key).isEqualTo(new RollupKey(Instant.parse("2026-01-01T10:00:00Z"), "", "", "", "", "", 404, 0));
    }

    @Test
    void keepsTheMembersOfAVirtualServerApart() {
        Instant time = Instant.parse("2026-01-01T10:00:00Z");
        List<AnalyticsRecord> records = List.of(virtual(time, "mock"), virtual(time, "mock"),
                virtual(time, "everything"), virtual(time, null));

        Map<RollupKey, RollupRow> rows = Rollups.fold(records, Resolution.MINUTE);

        assertThat(rows.keySet()).extracting(RollupKey::member).containsExactly("", "everything", "mock");
        assertThat(rows.values()).extracting(RollupRow::requests).containsExactly(1L, 1L, 2L);
    }

    @Test
    void hourAndDayRowsSummedFromTheMinuteRowsAreTheRowsFoldedFromTheRecords() {
        java.util.Random random = new java.util.Random(7);
        List<AnalyticsRecord> records = new java.util.ArrayList<>();
        Instant start = Instant.parse("2026-01-01T22:30:00Z");
        for (int i = 0; i < 3_000; i++) {
            int key = random.nextInt(4);
            records.add(new AnalyticsRecord(UUID.randomUUID().toString(),
                    start.plusSeconds(random.nextInt(3 * 3_600)), "gw", "p" + random.nextInt(3), "POST", "/p/mcp",
                    random.nextInt(10) == 0 ? 502 : 200, random.nextInt(3_000_000), null, 0, 0, "key", "k" + key,
                    key == 3 ? null : "agent-" + key, "tools/call", "tool", "t" + random.nextInt(5),
                    random.nextInt(20) == 0 ? -32602 : null, null, null, null, random.nextBoolean() ? 1 : null,
                    random.nextInt(30) == 0, false, null, random.nextInt(4) == 0 ? "m" + random.nextInt(2) : null));
        }

        Map<RollupKey, RollupRow> minutes = Rollups.fold(records, Resolution.MINUTE);
        Map<RollupKey, RollupRow> hours = Rollups.coarsen(minutes, Resolution.HOUR);
        Map<RollupKey, RollupRow> days = Rollups.coarsen(hours, Resolution.DAY);

        assertSameRows(hours, Rollups.fold(records, Resolution.HOUR));
        assertSameRows(days, Rollups.fold(records, Resolution.DAY));
        assertThat(days.keySet()).extracting(RollupKey::bucket).containsOnly(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"));
    }

    private static void assertSameRows(Map<RollupKey, RollupRow> actual, Map<RollupKey, RollupRow> expected) {
        assertThat(List.copyOf(actual.keySet())).isSortedAccordingTo(RollupKey.ORDER)
                .containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, row) -> {
            RollupRow summed = actual.get(key);
            assertThat(summed.requests()).as("requests of %s", key).isEqualTo(row.requests());
            assertThat(summed.errors()).as("errors of %s", key).isEqualTo(row.errors());
            assertThat(summed.latencySumMicros()).isEqualTo(row.latencySumMicros());
            assertThat(summed.latencyMaxMicros()).isEqualTo(row.latencyMaxMicros());
            assertThat(summed.histogram()).isEqualTo(row.histogram());
            assertThat(summed.alias()).isEqualTo(row.alias());
        });
    }

    private static AnalyticsRecord virtual(Instant time, String member) {
        return new AnalyticsRecord(UUID.randomUUID().toString(), time, "gw", "all-tools", "POST", "/all/mcp", 200,
                10, null, 0, 0, "key", "k1", "agent", "tools/call", "tool", "mock_get_users", null, null, null, null,
                null, false, false, "2025-11-25", member);
    }
}
