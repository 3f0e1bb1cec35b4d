package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.Violations;

/**
 * How agents authenticate to the proxy. Secure by default: an absent block means enabled with Portcullis keys
 * in {@code Authorization}; an absent {@code authToken} inside a present block means the same; {@code jwt},
 * {@code introspection} and {@code protectedResourceMetadata} default to disabled. When enabled, at least one
 * of authToken, jwt and introspection must be enabled (otherwise every request would be refused).
 */
public record Authentication(Boolean enabled, AuthToken authToken, Jwt jwt, Introspection introspection,
                             ProtectedResourceMetadata protectedResourceMetadata) {

    public static final Authentication DEFAULT = new Authentication(null, null, null, null, null);

    public Authentication {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        authToken = authToken == null ? AuthToken.DEFAULT : authToken;
        jwt = jwt == null ? Jwt.DISABLED : jwt;
        introspection = introspection == null ? Introspection.DISABLED : introspection;
        protectedResourceMetadata = protectedResourceMetadata == null
                ? ProtectedResourceMetadata.DISABLED : protectedResourceMetadata;
    }

    public void validate(Violations at) {
        authToken.validate(at.at("authToken"));
        jwt.validate(at.at("jwt"));
        introspection.validate(at.at("introspection"));
        protectedResourceMetadata.validate(at.at("protectedResourceMetadata"));
        if (enabled && !authToken.enabled() && !jwt.enabled() && !introspection.enabled()) {
            at.add("must enable authToken, jwt or introspection (or set enabled to false)");
        }
    }
}
