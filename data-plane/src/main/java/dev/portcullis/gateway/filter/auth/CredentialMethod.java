package dev.portcullis.gateway.filter.auth;

import dev.portcullis.gateway.runtime.OAuthRules;

/**
 * Which consumer method checks a bearer credential (docs/gateway.md, "Authentication"): a Portcullis key
 * ({@code pcs_} prefix) when keys are read from {@code Authorization}; else a JWT when it has the shape of one and
 * JWT is enabled; else introspection when enabled; else keys once more (so a non-key token on a key-only proxy is
 * an unknown key); else nothing accepts it.
 */
public enum CredentialMethod {
    KEY, JWT, INTROSPECTION, NONE;

    static final String KEY_PREFIX = "pcs_";

    public static CredentialMethod select(String token, OAuthRules rules, boolean keysInAuthorization) {
        if (keysInAuthorization && token.startsWith(KEY_PREFIX)) {
            return KEY;
        }
        if (rules.jwtEnabled() && looksLikeJwt(token)) {
            return JWT;
        }
        if (rules.introspectionEnabled()) {
            return INTROSPECTION;
        }
        return keysInAuthorization ? KEY : NONE;
    }

    /** Three non-empty base64url parts separated by dots (a compact JWS); checked without a regex. */
    public static boolean looksLikeJwt(String token) {
        int parts = 1;
        int partLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (partLength == 0) {
                    return false;
                }
                parts++;
                partLength = 0;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_') {
                partLength++;
            } else {
                return false;
            }
        }
        return parts == 3 && partLength > 0;
    }
}
