package dev.portcullis.gateway.runtime.access;

import dev.portcullis.gateway.request.PrimitiveType;

/**
 * The method that reads the primitive a request only refers to. {@code completion/complete} completes the
 * arguments of a prompt or resource template named in {@code params.ref}; it tells the caller about that prompt or
 * resource, so a caller who may not {@code prompts/get} the prompt (or {@code resources/read} the resource) may not
 * complete it either, whatever the rules say about {@code completion/complete} itself.
 */
final class ReadingMethod {

    static final String COMPLETION = "completion/complete";

    private ReadingMethod() {
    }

    /** The reading method {@code method} also needs on a {@code type} primitive, or null when it needs none. */
    static String impliedBy(String method, PrimitiveType type) {
        if (!COMPLETION.equals(method)) {
            return null;
        }
        return switch (type) {
            case PROMPT -> "prompts/get";
            case RESOURCE -> "resources/read";
            case TOOL, NONE -> null;
        };
    }
}
