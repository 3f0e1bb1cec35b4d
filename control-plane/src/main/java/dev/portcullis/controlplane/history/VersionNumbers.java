package dev.portcullis.controlplane.history;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldError;

import java.util.ArrayList;
import java.util.List;

/** Parses the version numbers and paging of {@code /api/config/versions}; a 400 problem names what is malformed. */
public final class VersionNumbers {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;

    private VersionNumbers() {
    }

    /** A positive version; {@code field} names it in the problem. */
    public static long version(String field, String value) {
        long parsed = value == null ? 0 : parse(value.trim());
        if (parsed < 1) {
            throw ProblemException.invalid(field, "must be a positive integer");
        }
        return parsed;
    }

    /** An optional positive version: null when blank. */
    public static Long optionalVersion(String field, String value) {
        return value == null || value.isBlank() ? null : version(field, value);
    }

    /** The last page number accepted: {@code page * size} stays well inside an int. */
    static final int MAX_PAGE = 1_000_000;

    /** A page of history: {@code page} zero-based up to {@value #MAX_PAGE}, {@code size} 1..{@value #MAX_SIZE}. */
    public record Paging(int page, int size) {
    }

    /** Paging from query parameters; the size defaults to {@value #DEFAULT_SIZE}. */
    public static Paging paging(Integer page, Integer size) {
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? DEFAULT_SIZE : size;
        List<FieldError> errors = new ArrayList<>();
        if (pageNumber < 0 || pageNumber > MAX_PAGE) {
            errors.add(new FieldError("page", "must be between 0 and " + MAX_PAGE));
        }
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            errors.add(new FieldError("size", "must be between 1 and " + MAX_SIZE));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Paging(pageNumber, pageSize);
    }

    private static long parse(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(value);
    }
}
