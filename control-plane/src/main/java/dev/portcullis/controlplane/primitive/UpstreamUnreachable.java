package dev.portcullis.controlplane.primitive;

import java.util.Locale;
import java.util.Objects;

/**
 * The upstream MCP server could not be asked or gave an answer that is not MCP. The message says what happened for
 * the operator's log (it may name the upstream's address, never a credential or a response body); the
 * {@link Category} is all a client is told.
 */
public final class UpstreamUnreachable extends Exception {

    /** What kind of failure it was, in words that reveal nothing about the upstream's address. */
    public enum Category {
        UNREACHABLE, TIMEOUT, CREDENTIALS_REFUSED, HTTP_ERROR, NOT_MCP, TOO_LARGE;

        /** The category as a client sees it: {@code credentials-refused}. */
        public String shown() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Category category;

    public UpstreamUnreachable(Category category, String message) {
        super(message, null, false, false);
        this.category = Objects.requireNonNull(category);
    }

    public Category category() {
        return category;
    }
}
