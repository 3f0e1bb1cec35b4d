package dev.portcullis.gateway.observe.analytics;

import java.time.Duration;

/**
 * How the gateway appends analytics records to the Redis stream (docs/analytics.md).
 *
 * @param enabled         whether tracked requests are appended at all ({@code PORTCULLIS_ANALYTICS_ENABLED})
 * @param streamMaxLength the approximate cap of the stream ({@code XADD MAXLEN ~}), the bound on what waits while
 *                        the control plane is down ({@code PORTCULLIS_ANALYTICS_STREAM_MAX_LENGTH})
 * @param bufferCapacity  records held in memory, across all event loops, while Redis is unreachable; beyond it new
 *                        records are dropped and counted ({@code PORTCULLIS_ANALYTICS_BUFFER})
 * @param answerHold      how long an agent's answer may wait, before its last bytes, for Redis to confirm the
 *                        request's record; zero sends the record without waiting
 *                        ({@code PORTCULLIS_ANALYTICS_ANSWER_HOLD_MS})
 */
public record AnalyticsSettings(boolean enabled, long streamMaxLength, int bufferCapacity, Duration answerHold) {

    public static final AnalyticsSettings DEFAULT = new AnalyticsSettings(true, 1_000_000, 100_000,
            Duration.ofMillis(100));

    public AnalyticsSettings {
        if (streamMaxLength < 1) {
            throw new IllegalArgumentException("PORTCULLIS_ANALYTICS_STREAM_MAX_LENGTH must be at least 1");
        }
        if (bufferCapacity < 0) {
            throw new IllegalArgumentException("PORTCULLIS_ANALYTICS_BUFFER must not be negative");
        }
        if (answerHold == null || answerHold.isNegative()) {
            throw new IllegalArgumentException("PORTCULLIS_ANALYTICS_ANSWER_HOLD_MS must not be negative");
        }
    }
}
