package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldRules;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The common query parameters of {@code /api/analytics/...}, validated: a time range {@code [from, to)} (default
 * the last 24 hours), a resolution (default chosen from the range) and optional equality filters. A bad parameter
 * is a 400 problem naming it. {@code proxy} matches a request to that proxy and one a virtual server sent to it as
 * a member (the member's whole traffic); {@code member} matches only the latter (a virtual server's requests that
 * member served, or those it served for any virtual server).
 */
record AnalyticsFilter(Instant from, Instant to, Resolution resolution, String proxy, String primitiveType,
                       String primitive, String key, String alias, String member) {

    /**
     * More buckets than this in one answer is refused: pick a coarser resolution or a shorter range. A chart is rarely
     * wider than 1,500 pixels; 24 hours at minute resolution (1,440) fits, 2 days does not.
     */
    static final long MAX_BUCKETS = 1_500;

    static AnalyticsFilter parse(String from, String to, String resolution, String proxy, String primitiveType,
                                 String primitive, String key, String alias, Instant now) {
        return parse(from, to, resolution, proxy, primitiveType, primitive, key, alias, null, now);
    }

    static AnalyticsFilter parse(String from, String to, String resolution, String proxy, String primitiveType,
                                 String primitive, String key, String alias, String member, Instant now) {
        Instant end = to == null || to.isBlank() ? now : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(1)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before 'to'");
        }
        Resolution chosen;
        if (resolution == null || resolution.isBlank()) {
            chosen = Resolution.forRange(Duration.between(start, end));
        } else {
            chosen = Resolution.parse(resolution);
            if (chosen == null) {
                throw ProblemException.invalid("resolution", "must be minute, hour or day");
            }
        }
        long buckets = Duration.between(chosen.bucket(start), end).dividedBy(chosen.size()) + 1;
        if (buckets > MAX_BUCKETS) {
            throw ProblemException.invalid("resolution", "the range holds " + buckets + " " + chosen.label()
                    + " buckets, more than " + MAX_BUCKETS + "; choose a coarser resolution or a shorter range");
        }
        if (primitiveType != null && !primitiveType.isBlank()
                && !List.of("tool", "prompt", "resource").contains(primitiveType)) {
            throw ProblemException.invalid("primitiveType", "must be tool, prompt or resource");
        }
        return new AnalyticsFilter(start, end, chosen, blankToNull(proxy), blankToNull(primitiveType),
                blankToNull(primitive), blankToNull(key), blankToNull(alias), blankToNull(member));
    }

    private static Instant instant(String name, String value) {
        Instant instant = parsed(name, value);
        if (!FieldRules.isStorableInstant(instant)) {
            throw ProblemException.invalid(name, FieldRules.INSTANT_RULE);
        }
        return instant;
    }

    private static Instant parsed(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw ProblemException.invalid(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The {@code where} clause on a roll-up table (bucket range and filters) with its parameters appended to
     * {@code parameters}.
     */
    String rollupWhere(List<Object> parameters) {
        return rollupWhere(parameters, resolution.bucket(from), to, true);
    }

    /**
     * The {@code where} clause on buckets in {@code [bucketFrom, bucketTo)} with the filters; without key and alias
     * when {@code withKey} is false (the traffic roll-ups have neither).
     */
    String rollupWhere(List<Object> parameters, Instant bucketFrom, Instant bucketTo, boolean withKey) {
        parameters.add(java.sql.Timestamp.from(bucketFrom));
        parameters.add(java.sql.Timestamp.from(bucketTo));
        String[] columns = withKey
                ? new String[]{"proxy_id", "primitive_type", "primitive_name", "key_id", "alias", "member"}
                : new String[]{"proxy_id", "primitive_type", "primitive_name", null, null, "member"};
        return " where bucket >= ? and bucket < ?" + equalities(parameters, columns);
    }

    /** Whether a key or alias filter is set (the traffic roll-ups cannot answer it). */
    boolean filtersKey() {
        return key != null || alias != null;
    }

    /** The {@code where} clause on raw records. */
    String recordWhere(List<Object> parameters) {
        parameters.add(java.sql.Timestamp.from(from));
        parameters.add(java.sql.Timestamp.from(to));
        return " where time >= ? and time < ?" + equalities(parameters, "proxy_id", "primitive_type",
                "primitive_name", "key_id", "alias", "member");
    }

    /**
     * One {@code and} clause per filter set, on {@code columns} in the order proxy, primitive type, primitive, key,
     * alias, member (a null column: the table has none). The proxy filter also matches the member column: a
     * member's traffic includes what it served for virtual servers.
     */
    private String equalities(List<Object> parameters, String... columns) {
        String[] values = {proxy, primitiveType, primitive, key, alias, member};
        List<String> clauses = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            if (values[i] == null || columns[i] == null) {
                continue;
            }
            if (i == 0) {
                clauses.add(" and (proxy_id = ? or member = ?)");
                parameters.add(values[i]);
            } else {
                clauses.add(" and " + columns[i] + " = ?");
            }
            parameters.add(values[i]);
        }
        return String.join("", clauses);
    }
}
