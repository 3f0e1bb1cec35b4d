package dev.portcullis.controlplane.dashboard;

import dev.portcullis.model.validation.FieldError;

import java.util.List;

/**
 * Field errors of a submitted form, for templates: {@code errors.of('name')} is the message for a field (empty
 * when fine), {@code errors.general} those not tied to a form field.
 */
public record FormErrors(List<FieldError> all) {

    public static FormErrors none() {
        return new FormErrors(List.of());
    }

    public static FormErrors of(List<FieldError> errors) {
        return new FormErrors(List.copyOf(errors));
    }

    /** The messages for a field and its nested fields ({@code upstream.url} counts for {@code upstream}). */
    public String of(String field) {
        return String.join("; ", all.stream()
                .filter(e -> e.field().equals(field) || e.field().startsWith(field + ".")
                        || e.field().startsWith(field + "["))
                .map(FieldError::message).toList());
    }

    public boolean any() {
        return !all.isEmpty();
    }

    /** Every error as "field: message", for the summary at the top of a form. */
    public List<String> summary() {
        return all.stream().map(e -> e.field().isEmpty() ? e.message() : e.field() + ": " + e.message()).toList();
    }
}
