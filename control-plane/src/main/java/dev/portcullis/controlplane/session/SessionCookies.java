package dev.portcullis.controlplane.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

/** The dashboard session cookie: HttpOnly, SameSite=Strict, path {@code /}, Secure unless configured off. */
public final class SessionCookies {

    public static final String NAME = "portcullis_session";

    private SessionCookies() {
    }

    public static Cookie session(String sessionId, boolean secure) {
        return Cookie.cookie(NAME, sessionId).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT);
    }

    /** A cookie that makes the browser forget the session cookie. */
    public static Cookie expired(boolean secure) {
        return session("", secure).setMaxAge(0);
    }
}
