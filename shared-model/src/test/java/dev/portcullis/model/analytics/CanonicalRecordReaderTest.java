package dev.portcullis.model.analytics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalRecordReaderTest {

    private static final ObjectReader BINDER = Json.mapper().readerFor(AnalyticsRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String[] STRINGS = {"", "a", "get_users", "agent \"quoted\" \u00e9", "\u4e2d\ud83d\ude00",
            "line\nbreak\ttab\u0001", "back\\slash", "/crm/mcp", "x".repeat(300)};

    @Test
    void readsEveryRecordAGatewayWritesAsTheDataBinderDoes() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            AnalyticsRecord record = randomRecord(random, i);
            String json = AnalyticsRecordJson.write(record);

            AnalyticsRecord read = CanonicalRecordReader.read(json);

            assertThat(read).isEqualTo(record).isEqualTo(BINDER.readValue(json));
        }
    }

    @Test
    void skipsFieldsItDoesNotKnow() throws Exception {
        String json = AnalyticsRecordJson.write(randomRecord(new Random(1), 1))
                .replaceFirst("\\{", "{\"region\":{\"name\":\"eu\",\"zones\":[1,2,{\"a\":null}]},\"b\":[],");

        assertThat(CanonicalRecordReader.read(json)).isEqualTo(BINDER.readValue(json));
    }

    @Test
    void readsATimeInUtcAsInstantParseDoes() {
        Random random = new Random(3);
        List<String> times = new ArrayList<>(List.of("2026-12-06T18:41:00Z", "2024-02-29T23:59:59.999999999Z",
                "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                "2026-12-06T24:00:00Z", "2026-12-06T23:60:00Z", "2016-12-31T23:59:60Z", "2026-12-06T18:41:00.Z",
                "2026-12-06T18:41:00.1234567890Z", "2026-12-06T18:41Z", "+12026-12-06T18:41:00Z",
                "2026-12-06T18:41:00,5Z", "2026-12-06t18:41:00Z", "2026-1a-06T18:41:00Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.9Z", "1970-01-01T00:00:00.000001Z", "1969-12-31T23:59:59.5Z"));
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            times.add(instant.toString());
            times.add(instant.truncatedTo(ChronoUnit.MICROS).toString());
        }
        for (String time : times) {
            Object expected;
            try {
                expected = Instant.parse(time);
            } catch (DateTimeParseException e) {
                expected = e.getClass();
            }
            Object read;
            try {
                read = CanonicalRecordReader.utcInstant(time);
            } catch (DateTimeParseException e) {
                read = e.getClass();
            }
            assertThat(read).as(time).isEqualTo(expected);
        }
    }

    @Test
    void leavesEveryOtherFormToTheDataBinder() {
        String plain = AnalyticsRecordJson.write(randomRecord(new Random(7), 7));
        List<String> others = List.of(
                plain.replace("\"status\":", "\"status\":\"200\",\"x\":"),
                plain.replaceFirst("\"status\":(\\d+)", "\"status\":\"$1\""),
                plain.replaceFirst("\"latencyMicros\":(\\d+)", "\"latencyMicros\":$1.0"),
                plain.replaceFirst("\"status\":(\\d+)", "\"status\":99999999999"),
                plain.replaceFirst("\"id\":\"[^\"]*\"", "\"id\":null"),
                plain.replaceFirst("\"id\":\"[^\"]*\",", ""),
                plain.replaceFirst("\"status\":\\d+,", ""),
                plain.replaceFirst("\"time\":\"([^\"]*)Z\"", "\"time\":\"$1+00:00\""),
                plain.replaceFirst("\"time\":\"[^\"]*\"", "\"time\":1700000000"),
                plain.replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"yesterday\""),
                plain.replaceFirst("\"gateway\":", "\"gateway\":\"twice\",\"gateway\":"),
                plain.replaceFirst("\"path\":\"[^\"]*\"", "\"path\":42"),
                plain.replaceFirst("\"toolError\":(true|false)", "\"toolError\":\"true\""),
                plain + " {}",
                plain.substring(0, plain.length() - 1),
                "[" + plain + "]",
                "",
                "null");

        for (String other : others) {
            assertThat(CanonicalRecordReader.read(other)).as(other).isNull();
        }
    }

    private static AnalyticsRecord randomRecord(Random random, int i) {
        return new AnalyticsRecord("3b0c1f9e-0000-4000-8000-" + String.format("%012d", i),
                Instant.ofEpochSecond(1_700_000_000L + random.nextInt(10_000_000), random.nextInt(4) == 0 ? 0
                        : random.nextInt(1_000_000_000)),
                pick(random), maybe(random), pick(random), pick(random), 100 + random.nextInt(500),
                random.nextLong() & Long.MAX_VALUE, random.nextBoolean() ? null : (long) random.nextInt(),
                random.nextInt(100_000), random.nextLong() & 0xffffffffffL, maybe(random), maybe(random),
                maybe(random), maybe(random), maybe(random), maybe(random),
                random.nextBoolean() ? null : -32000 - random.nextInt(700), maybe(random), maybe(random),
                maybe(random), random.nextBoolean() ? null : random.nextInt(), random.nextBoolean(),
                random.nextInt(5) == 0, maybe(random));
    }

    private static String pick(Random random) {
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    private static String maybe(Random random) {
        return random.nextInt(3) == 0 ? null : pick(random);
    }
}
