package dev.portcullis.model.validation;

import java.util.Objects;

/**
 * One problem with one field of a definition.
 *
 * @param field dotted path from the document root ({@code upstream.url}, {@code tools.get_users.rateLimit.per},
 *              {@code gatewayTags[1]}); empty when the problem concerns the whole document (malformed JSON).
 *              NUL and unpaired surrogates from a client's member names are replaced by U+FFFD, so an error
 *              about such a name can itself be written as JSON
 * @param message what is wrong, phrased to follow the field name ({@code must be greater than 0})
 */
public record FieldError(String field, String message) {

    public FieldError {
        field = field == null ? "" : FieldRules.printable(field);
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
