package dev.portcullis.controlplane.audit;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters and page of an audit search. Blank filters are absent; {@code from} is inclusive, {@code to} exclusive.
 *
 * @param page zero-based; {@code size} 1..200
 */
public record AuditQuery(String entityType, String entityId, String actor, Instant from, Instant to, int page,
                         int size) {

    public static final int DEFAULT_SIZE = 50;
    /** The last page number accepted: {@code page * size} stays well inside an int. */
    static final int MAX_PAGE = 1_000_000;

    /** Parses query parameters; a 400 problem names every malformed one. */
    public static AuditQuery parse(String entityType, String entityId, String actor, String from, String to,
                                   Integer page, Integer size) {
        List<FieldError> errors = new ArrayList<>();
        Instant fromInstant = instant("from", from, errors);
        Instant toInstant = instant("to", to, errors);
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? DEFAULT_SIZE : size;
        if (pageNumber < 0 || pageNumber > MAX_PAGE) {
            errors.add(new FieldError("page", "must be between 0 and " + MAX_PAGE));
        }
        if (pageSize < 1 || pageSize > 200) {
            errors.add(new FieldError("size", "must be between 1 and 200"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new AuditQuery(blankToNull(entityType), blankToNull(entityId), blankToNull(actor), fromInstant,
                toInstant, pageNumber, pageSize);
    }

    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value.trim());
            if (!FieldRules.isStorableInstant(instant)) {
                errors.add(new FieldError(field, FieldRules.INSTANT_RULE));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
