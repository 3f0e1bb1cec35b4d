package dev.portcullis.controlplane.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Login-CSRF protection for the sign-in form, before any session exists: a double-submit token. Showing the form sets
 * a random token in the {@value #COOKIE} cookie (HttpOnly, SameSite=Strict, path {@value #PATH}) and in the hidden
 * {@value #FIELD} field; a sign-in post is accepted only when both are present and equal. A cross-site page can make
 * a browser post the form but cannot read or set the cookie, so it cannot sign the victim in to the attacker's
 * account. Stateless; thread-safe.
 */
public final class SignInFormToken {

    public static final String COOKIE = "portcullis_signin";
    public static final String FIELD = "_signin";
    static final String PATH = "/ui/sign-in";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignInFormToken() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static Cookie cookie(String token, boolean secure) {
        return Cookie.cookie(COOKIE, token).setPath(PATH).setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT);
    }

    /** True when the form field and the cookie carry the same non-empty token (compared in constant time). */
    public static boolean matches(String field, String cookie) {
        return field != null && cookie != null && !field.isEmpty() && MessageDigest.isEqual(
                field.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8));
    }
}
