package dev.portcullis.model.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects {@link FieldError}s while a definition is walked. A child collector shares the parent's list and
 * only prefixes the path, so nested records validate themselves without knowing where they sit.
 * Not thread-safe; one per validation run.
 */
public final class Violations {

    private final List<FieldError> errors;
    private final String path;

    private Violations(List<FieldError> errors, String path) {
        this.errors = errors;
        this.path = path;
    }

    public static Violations root() {
        return new Violations(new ArrayList<>(), "");
    }

    /** A collector for a named field below this one: {@code upstream} then {@code url} gives {@code upstream.url}. */
    public Violations at(String field) {
        return new Violations(errors, path.isEmpty() ? field : path + "." + field);
    }

    /** A collector for one element of a list field: {@code gatewayTags[1]}. */
    public Violations index(int index) {
        return new Violations(errors, path + "[" + index + "]");
    }

    public void add(String message) {
        errors.add(new FieldError(path, message));
    }

    public void add(String field, String message) {
        at(field).add(message);
    }

    public void addAll(List<FieldError> more) {
        for (FieldError error : more) {
            String field = path.isEmpty() ? error.field()
                    : error.field().isEmpty() ? path
                    : error.field().startsWith("[") ? path + error.field()
                    : path + "." + error.field();
            errors.add(new FieldError(field, error.message()));
        }
    }

    public String path() {
        return path;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** Throws a {@link ValidationException} listing everything collected, if anything was. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
