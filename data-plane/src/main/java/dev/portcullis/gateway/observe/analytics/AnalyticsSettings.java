package dev.portcullis.gateway.observe.analytics;

/**
 * How the gateway appends analytics records to the Redis stream (docs/analytics.md).
 *
 * @param enabled         whether tracked requests are appended at all ({@code PORTCULLIS_ANALYTICS_ENABLED})
 * @param streamMaxLength the approximate cap of the stream ({@code XADD MAXLEN ~}), the bound on what waits while
 *                        the control plane is down ({@code PORTCULLIS_ANALYTICS_STREAM_MAX_LENGTH})
 * @param bufferCapacity  records held in memory, across all event loops, while Redis is unreachable; beyond it new
 *                        records are dropped and counted ({@code PORTCULLIS_ANALYTICS_BUFFER})
 */
public record AnalyticsSettings(boolean enabled, long streamMaxLength, int bufferCapacity) {

    public static final AnalyticsSettings DEFAULT = new AnalyticsSettings(true, 1_000_000, 100_000);

    public AnalyticsSettings {
        if (streamMaxLength < 1) {
            throw new IllegalArgumentException("PORTCULLIS_ANALYTICS_STREAM_MAX_LENGTH must be at least 1");
        }
        if (bufferCapacity < 0) {
            throw new IllegalArgumentException("PORTCULLIS_ANALYTICS_BUFFER must not be negative");
        }
    }
}
