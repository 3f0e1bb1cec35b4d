package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading Tyk's JSON: what counts as unset, its {@code enabled} switches and its Go durations ({@code "1m30s"}). */
final class TykJson {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern DURATIONS = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+");

    private TykJson() {
    }

    /**
     * True when a Tyk field holds nothing to import: absent, null, false, 0, an empty string, array or object, or
     * a switch object whose {@code enabled} is false. Tyk exports every field of its structs, so an import that
     * listed these as "ignored" would bury the few that matter.
     */
    static boolean carriesNothing(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return true;
        }
        if (value.isBoolean()) {
            return !value.booleanValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().signum() == 0;
        }
        if (value.isTextual()) {
            return value.textValue().isEmpty();
        }
        if (value.isObject() && value.has("enabled") && value.get("enabled").isBoolean()
                && !value.get("enabled").booleanValue()) {
            return true;
        }
        if (value.isContainerNode()) {
            for (JsonNode element : value) {
                if (!carriesNothing(element)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The object at {@code field}, or null when absent or not an object. */
    static ObjectNode object(JsonNode parent, String field) {
        return parent != null && parent.get(field) instanceof ObjectNode object ? object : null;
    }

    /** A Tyk switch object ({@code {"enabled": true, ...}}) that is on. */
    static boolean enabled(JsonNode node) {
        return node != null && node.path("enabled").asBoolean(false);
    }

    static String text(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /**
     * Whole seconds of a Go duration ({@code "1m"}, {@code "1h30m"}, {@code "90s"}) or a number of seconds; empty
     * when it is not one, or not a whole number of seconds of at least 1.
     */
    static OptionalLong seconds(JsonNode value) {
        BigDecimal nanos;
        if (value != null && value.isNumber()) {
            nanos = value.decimalValue().multiply(BigDecimal.valueOf(1_000_000_000L));
        } else if (value != null && value.isTextual() && DURATIONS.matcher(value.textValue()).matches()) {
            nanos = BigDecimal.ZERO;
            Matcher part = DURATION.matcher(value.textValue());
            while (part.find()) {
                nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
            }
        } else {
            return OptionalLong.empty();
        }
        BigDecimal[] split = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        if (split[1].signum() != 0 || split[0].signum() <= 0 || split[0].compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(split[0].longValue());
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs" -> 1_000L;
            default -> 1L;
        };
    }

    /**
     * A Tyk rate ({@code rate} requests per {@code per} seconds, both floats) as whole numbers with the same ratio:
     * {@code 2.5 per 1} is {@code 5 per 2}. Null when either is not positive or needs more than three decimals.
     */
    static long[] wholeRate(JsonNode rate, JsonNode per) {
        if (rate == null || per == null || !rate.isNumber() || !per.isNumber()) {
            return null;
        }
        BigDecimal r = rate.decimalValue();
        BigDecimal p = per.decimalValue();
        if (r.signum() <= 0 || p.signum() <= 0) {
            return null;
        }
        for (int scale = 0; scale <= 3; scale++) {
            BigDecimal factor = BigDecimal.TEN.pow(scale);
            BigDecimal rs = r.multiply(factor);
            BigDecimal ps = p.multiply(factor);
            if (rs.stripTrailingZeros().scale() <= 0 && ps.stripTrailingZeros().scale() <= 0) {
                try {
                    return new long[]{rs.longValueExact(), ps.longValueExact()};
                } catch (ArithmeticException tooLarge) {
                    return null;
                }
            }
        }
        return null;
    }
}
