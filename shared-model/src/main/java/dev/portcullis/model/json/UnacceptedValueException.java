package dev.portcullis.model.json;

/**
 * Thrown by a {@code @JsonCreator} for a value outside its accepted set; {@link StrictJsonReader} reports the
 * message as the field's error ({@code mode: must be one of off, observe, enforce}) instead of a generic one.
 */
public final class UnacceptedValueException extends IllegalArgumentException {

    public UnacceptedValueException(String message) {
        super(message);
    }
}
