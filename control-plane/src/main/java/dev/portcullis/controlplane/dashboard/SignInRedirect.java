package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.session.SessionCookies;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * What a dashboard page answers a caller without a valid session: a 303 to the sign-in page that also clears a stale
 * session cookie. htmx requests get the API's 401 instead (a redirect would swap the sign-in page into a fragment).
 */
public final class SignInRedirect {

    private SignInRedirect() {
    }

    /** True when a failed authentication on this request should redirect rather than answer 401. */
    public static boolean applies(String path, HttpHeaders headers) {
        return ForbiddenPage.isDashboardPath(path) && !"true".equals(headers.getHeaderString("HX-Request"));
    }

    public static Response response(HttpHeaders headers) {
        Response.ResponseBuilder response = Response.seeOther(URI.create("/ui/sign-in"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (headers.getCookies().containsKey(SessionCookies.NAME)) {
            response.header(HttpHeaders.SET_COOKIE, SessionCookies.expired(false).encode());
        }
        return response.build();
    }
}
