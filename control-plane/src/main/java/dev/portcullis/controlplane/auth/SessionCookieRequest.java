package dev.portcullis.controlplane.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The dashboard session id from the session cookie. */
public final class SessionCookieRequest extends BaseAuthenticationRequest {

    private final String sessionId;

    public SessionCookieRequest(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
