package dev.portcullis.gateway.runtime.access;

/** What one category of proxy rules says about a name. */
enum Verdict {
    /** An entry allows it (and none blocks it). */
    ALLOWED,
    /** An entry blocks it. */
    BLOCKED,
    /** The category is an allowlist and no entry allows it. */
    NOT_ALLOWED,
    /** No entry mentions it and the category is not an allowlist. */
    UNLISTED;

    boolean permits() {
        return this == ALLOWED || this == UNLISTED;
    }
}
