package dev.portcullis.model.template;

/** A template that cannot be used: the message says why, in words fit for a field error. */
public final class TemplateException extends IllegalArgumentException {

    public TemplateException(String message) {
        super(message);
    }
}
