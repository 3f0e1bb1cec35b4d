package dev.portcullis.gateway.observe;

import dev.portcullis.model.analytics.AnalyticsRecord;
import java.time.Instant;

/** Analytics records for observer tests. */
public final class TestRecords {

    private TestRecords() {
    }

    /** A tools/call of {@code tool} on proxy {@code proxy} answered 200 by the upstream. */
    public static AnalyticsRecord toolCall(String proxy, String tool) {
        return new AnalyticsRecord("5f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5", Instant.parse("2025-06-01T12:00:00.123Z"),
                "gw-1", proxy, "POST", "/mock/mcp", 200, 12_345, 10_001L, 120, 480, "key", "k1", "alice",
                "tools/call", "tool", tool, null, null, "0123456789abcdef", null);
    }

    /** A request the gateway refused with {@code code} and {@code status} before it went upstream. */
    public static AnalyticsRecord refused(String proxy, String method, int status, int code, String reason) {
        return new AnalyticsRecord("6f0c1d2e-3a4b-4c5d-8e6f-708192a3b4c5", Instant.parse("2025-06-01T12:00:01Z"),
                "gw-1", proxy, "POST", "/mock/mcp", status, 800, null, 60, 150, null, null, null, method, null, null,
                code, reason, null, null);
    }
}
