package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

/**
 * Opaque bearer tokens checked at an RFC 7662 endpoint; results cached {@code cacheSeconds} (default 30,
 * 0 = no cache). {@code clientSecret} is normally a {@code ${secret:name}} reference and never printed.
 */
public record Introspection(boolean enabled, String endpoint, String clientId, String clientSecret,
                            Integer cacheSeconds) {

    public static final int DEFAULT_CACHE_SECONDS = 30;
    public static final Introspection DISABLED = new Introspection(false, null, null, null, null);

    public Introspection {
        cacheSeconds = cacheSeconds == null ? DEFAULT_CACHE_SECONDS : cacheSeconds;
    }

    public void validate(Violations at) {
        if (enabled) {
            FieldRules.httpUrl(at.at("endpoint"), endpoint);
        }
        FieldRules.atLeast(at.at("cacheSeconds"), cacheSeconds, 0);
    }

    @Override
    public String toString() {
        return "Introspection[enabled=" + enabled + ", endpoint=" + endpoint + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? null : "***") + ", cacheSeconds=" + cacheSeconds + "]";
    }
}
