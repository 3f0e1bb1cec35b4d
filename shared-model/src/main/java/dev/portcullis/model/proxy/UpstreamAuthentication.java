package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.Map;

/**
 * Credentials the gateway adds to every upstream request. Values may be {@code ${secret:name}} references;
 * {@link #toString()} never shows them.
 *
 * @param basicAuth              null when not used
 * @param oauthClientCredentials null when not used
 */
public record UpstreamAuthentication(Map<String, String> headers, BasicAuth basicAuth,
                                     OAuthClientCredentials oauthClientCredentials) {

    public static final UpstreamAuthentication NONE = new UpstreamAuthentication(Map.of(), null, null);

    public UpstreamAuthentication {
        headers = Immutable.map(headers);
    }

    public void validate(Violations at) {
        FieldRules.headers(at.at("headers"), headers);
        if (basicAuth != null) {
            basicAuth.validate(at.at("basicAuth"));
        }
        if (oauthClientCredentials != null) {
            oauthClientCredentials.validate(at.at("oauthClientCredentials"));
        }
        if ((basicAuth != null || oauthClientCredentials != null)
                && headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase)) {
            // Both set the upstream Authorization header; one of them would silently win.
            at.add("headers.Authorization", "cannot be combined with "
                    + (basicAuth != null ? "basicAuth" : "oauthClientCredentials"));
        }
        if (basicAuth != null && oauthClientCredentials != null) {
            at.add("oauthClientCredentials", "cannot be combined with basicAuth");
        }
    }

    @Override
    public String toString() {
        return "UpstreamAuthentication[headers=" + headers.keySet() + ", basicAuth=" + basicAuth
                + ", oauthClientCredentials=" + oauthClientCredentials + "]";
    }
}
