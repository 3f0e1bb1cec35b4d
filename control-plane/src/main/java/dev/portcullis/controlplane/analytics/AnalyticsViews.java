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

    /** {@code GET /api/analytics/records}: newest first. */
    record Records(Instant from, Instant to, int page, int size, boolean hasMore, List<AnalyticsRecord> items) {
    }
}
