package dev.portcullis.controlplane.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.model.analytics.AnalyticsRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON answers of {@code /api/analytics/...}. */
final class AnalyticsViews {

    private AnalyticsViews() {
    }

    /**
     * {@code GET /api/analytics/traffic}: one point per bucket (and group) that had traffic; buckets without
     * traffic are absent.
     */
    record Traffic(Instant from, Instant to, String resolution, String groupBy, List<TrafficPoint> points) {
    }

    /**
     * @param statusCodes requests per HTTP status ({@code "200": 12})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TrafficPoint(Instant time, String proxy, String primitiveType, String primitive, long requests,
                        long errors, Map<String, Long> statusCodes) {
    }

    /** {@code GET /api/analytics/primitives}. */
    record Primitives(Instant from, Instant to, String resolution, String sort, List<PrimitiveStats> items) {
    }

    /**
     * @param errorRate    errors / requests, 0 to 1
     * @param avgLatencyMs mean latency
     * @param p95LatencyMs 95th percentile estimated from the roll-ups' latency histogram (docs/analytics.md)
     */
    record PrimitiveStats(String proxy, String primitiveType, String primitive, long requests, long errors,
                          double errorRate, double avgLatencyMs, double p95LatencyMs) {
    }

    /** {@code GET /api/analytics/consumers}: busiest first. */
    record Consumers(Instant from, Instant to, String resolution, List<ConsumerStats> items) {
    }

    /**
     * One key's traffic over the range; {@code key} and {@code alias} are null for requests that presented none.
     *
     * @param errorRate    errors / requests, 0 to 1
     * @param avgLatencyMs mean latency
     * @param p95LatencyMs 95th percentile estimated from the roll-ups' latency histogram
     */
    record ConsumerStats(String key, String alias, long requests, long errors, double errorRate,
                         double avgLatencyMs, double p95LatencyMs) {
    }

    /** {@code GET /api/analytics/records}: newest first. */
    record Records(Instant from, Instant to, int page, int size, boolean hasMore, List<AnalyticsRecord> items) {
    }

    /** {@code GET /api/analytics/dead-letters}: newest first. */
    record DeadLetters(int page, int size, boolean hasMore, List<DeadLetterItem> items) {
    }

    /**
     * One stream entry the control plane could not store.
     *
     * @param time             when it was dead-lettered
     * @param stream           the stream's key
     * @param streamId         the entry's id in the stream
     * @param error            why it could not be stored
     * @param payload          the start of the entry's record JSON, as text (it may not be valid JSON)
     * @param payloadLength    the length of the whole record JSON, in characters
     * @param payloadTruncated true when {@code payload} is only the start of it
     */
    record DeadLetterItem(long id, Instant time, String stream, String streamId, String error, String payload,
                          int payloadLength, boolean payloadTruncated) {
    }
}
