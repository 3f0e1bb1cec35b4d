package dev.portcullis.controlplane.dashboard;

import java.time.Duration;
import java.time.Instant;

/** "just now", "5 seconds ago", "3 minutes ago", "2 hours ago", "4 days ago" for dashboard tables. */
final class RelativeTime {

    private RelativeTime() {
    }

    /** How long before {@code now} {@code then} was; {@code "never"} when {@code then} is null. */
    static String between(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long seconds = Duration.between(then, now).toSeconds();
        if (seconds < 5) {
            return "just now";
        }
        if (seconds < 60) {
            return plural(seconds, "second");
        }
        if (seconds < 3_600) {
            return plural(seconds / 60, "minute");
        }
        if (seconds < 86_400) {
            return plural(seconds / 3_600, "hour");
        }
        return plural(seconds / 86_400, "day");
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s") + " ago";
    }
}
