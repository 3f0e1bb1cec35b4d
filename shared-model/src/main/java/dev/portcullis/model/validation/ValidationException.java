package dev.portcullis.model.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A definition was rejected. Carries every problem found, not just the first, so an admin fixes them in one go.
 * The message is safe to show to clients: it names fields, never values of secrets.
 */
public class ValidationException extends RuntimeException {

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
