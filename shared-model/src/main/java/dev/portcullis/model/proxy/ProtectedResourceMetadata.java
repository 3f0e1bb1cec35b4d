package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;

/**
 * RFC 9728 metadata served for the proxy.
 *
 * @param resource the resource identifier; null = the public URL the agent dialled
 */
public record ProtectedResourceMetadata(boolean enabled, String resource, List<String> authorizationServers,
                                        List<String> scopesSupported) {

    public static final ProtectedResourceMetadata DISABLED = new ProtectedResourceMetadata(false, null, null, null);

    public ProtectedResourceMetadata {
        authorizationServers = Immutable.list(authorizationServers);
        scopesSupported = Immutable.list(scopesSupported);
    }

    public void validate(Violations at) {
        if (resource != null) {
            FieldRules.httpUrl(at.at("resource"), resource);
        }
        if (enabled && authorizationServers.isEmpty()) {
            at.add("authorizationServers", "must name at least one authorization server when enabled");
        }
        FieldRules.httpUrls(at.at("authorizationServers"), authorizationServers);
        FieldRules.scopes(at.at("scopesSupported"), scopesSupported);
    }
}
