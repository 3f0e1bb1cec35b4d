package dev.portcullis.controlplane.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token from the {@code Authorization} header: the bootstrap admin token or an API token (JWT). */
public final class BearerTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public BearerTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
