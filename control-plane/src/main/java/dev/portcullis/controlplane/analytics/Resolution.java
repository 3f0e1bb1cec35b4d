package dev.portcullis.controlplane.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** A roll-up granularity: its table and bucket size. */
public enum Resolution {
    MINUTE("analytics_minute", "analytics_traffic_minute", ChronoUnit.MINUTES),
    HOUR("analytics_hour", "analytics_traffic_hour", ChronoUnit.HOURS),
    DAY("analytics_day", "analytics_traffic_day", ChronoUnit.DAYS);

    private final String table;
    private final String trafficTable;
    private final ChronoUnit unit;

    Resolution(String table, String trafficTable, ChronoUnit unit) {
        this.table = table;
        this.trafficTable = trafficTable;
        this.unit = unit;
    }

    /** The full roll-up table (per key, status, error code, with latencies). */
    String table() {
        return table;
    }

    /** The traffic roll-up table (per proxy, primitive and status only). */
    String trafficTable() {
        return trafficTable;
    }

    /** The next coarser resolution; null for {@link #DAY}. */
    Resolution coarser() {
        return this == DAY ? null : values()[ordinal() + 1];
    }

    /** The first bucket start at or after {@code time}. */
    Instant bucketAtOrAfter(Instant time) {
        Instant start = bucket(time);
        return start.equals(time) ? start : start.plus(size());
    }

    /** The start of the bucket holding {@code time} (UTC). */
    public Instant bucket(Instant time) {
        return time.truncatedTo(unit);
    }

    public Duration size() {
        return unit.getDuration();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Up to 6 hours minute, up to 14 days hour, else day. */
    public static Resolution forRange(Duration range) {
        if (range.compareTo(Duration.ofHours(6)) <= 0) {
            return MINUTE;
        }
        return range.compareTo(Duration.ofDays(14)) <= 0 ? HOUR : DAY;
    }

    /** {@code minute}, {@code hour} or {@code day}; null when it is none of them. */
    public static Resolution parse(String value) {
        for (Resolution resolution : values()) {
            if (resolution.label().equals(value)) {
                return resolution;
            }
        }
        return null;
    }
}
