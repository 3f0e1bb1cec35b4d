package dev.portcullis.controlplane.common;

import java.util.Arrays;

/**
 * The {@code If-Match} precondition of an update, checked against the stored optimistic-lock version (the ETag is
 * {@code "<version>"}). Weak tags ({@code W/"3"}) are accepted as their strong form: our versions are exact.
 */
public record IfMatch(String header) {

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    public boolean present() {
        return header != null && !header.isBlank();
    }

    /** Throws 428 when absent. */
    public IfMatch required() {
        if (!present()) {
            throw ProblemException.preconditionRequired();
        }
        return this;
    }

    /** Throws 412 unless the header is absent, {@code *}, or lists the current version. */
    public void check(long currentVersion) {
        if (!present()) {
            return;
        }
        String wanted = etag(currentVersion);
        boolean matches = Arrays.stream(header.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(wanted));
        if (!matches) {
            throw ProblemException.preconditionFailed(currentVersion);
        }
    }
}
