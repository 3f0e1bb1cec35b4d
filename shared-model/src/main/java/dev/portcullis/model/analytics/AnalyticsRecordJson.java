package dev.portcullis.model.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.portcullis.model.json.Json;

import java.io.UncheckedIOException;

/**
 * The analytics stream's wire form of an {@link AnalyticsRecord}: camelCase JSON, nulls omitted. Reading ignores
 * fields it does not know, because ADR 0003 lets a newer gateway add fields that an older control plane must still
 * ingest. Thread-safe.
 */
public final class AnalyticsRecordJson {

    private static final ObjectWriter WRITER = Json.mapper().writerFor(AnalyticsRecord.class);
    private static final ObjectReader READER = Json.mapper().readerFor(AnalyticsRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AnalyticsRecordJson() {
    }

    public static String write(AnalyticsRecord record) {
        try {
            return WRITER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses one stream entry.
     *
     * @throws IllegalArgumentException when {@code json} is not a valid record (malformed, or a required field
     *                                  missing); the message never quotes the content
     */
    public static AnalyticsRecord read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no record");
        }
        try {
            AnalyticsRecord record = READER.readValue(json);
            if (record == null) {
                throw new IllegalArgumentException("no record");
            }
            return record;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not an analytics record: " + e.getClass().getSimpleName());
        }
    }
}
