package dev.portcullis.gateway.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the gateway calls its configuration stale and what it then does (docs/operations.md, "Stale
 * configuration"). The configuration is stale once no control plane has confirmed it current for longer than
 * {@code after} ({@code PORTCULLIS_CONFIG_STALE_AFTER}); the gateway keeps serving its last good snapshot either way,
 * and {@code readiness} ({@code PORTCULLIS_STALE_CONFIG_READINESS}) decides whether it stays in the load balancer.
 */
public record ConfigStaleness(Duration after, StaleReadiness readiness) {

    public static final ConfigStaleness DEFAULT =
            new ConfigStaleness(Duration.ofMinutes(5), StaleReadiness.SERVE_STALE);

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

    public ConfigStaleness {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(readiness, "readiness");
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("PORTCULLIS_CONFIG_STALE_AFTER must be positive");
        }
    }

    /** The readiness of a gateway whose configuration is stale. */
    public enum StaleReadiness {
        /** Ready: it keeps serving its last good snapshot; the readiness data says it is stale (the default). */
        SERVE_STALE,
        /** Not ready, so load balancers stop sending it agents; liveness is unaffected, nothing restarts it. */
        NOT_READY;

        /** {@code serve-stale} or {@code not-ready}, case-insensitive. */
        public static StaleReadiness parse(String value) {
            return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
                case "serve-stale" -> SERVE_STALE;
                case "not-ready" -> NOT_READY;
                default -> throw new IllegalArgumentException(
                        "PORTCULLIS_STALE_CONFIG_READINESS must be 'serve-stale' or 'not-ready', not '" + value + "'");
            };
        }

        /** The setting's spelling. */
        public String value() {
            return this == SERVE_STALE ? "serve-stale" : "not-ready";
        }
    }

    /**
     * Both settings as written in the environment.
     *
     * @param after a number with an optional unit, {@code ms}, {@code s} (the default), {@code m} or {@code h}
     *              ({@code 300}, {@code 90s}, {@code 5m}), or an ISO-8601 duration ({@code PT5M})
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static ConfigStaleness parse(String after, String readiness) {
        return new ConfigStaleness(duration(after), StaleReadiness.parse(readiness));
    }

    static Duration duration(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE.matcher(text);
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                String unit = simple.group(2) == null ? "s" : simple.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            }
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("PORTCULLIS_CONFIG_STALE_AFTER must be a duration such as 300, 90s, 5m"
                + " or PT5M, not '" + value + "'");
    }
}
