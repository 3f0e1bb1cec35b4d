package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.session.SessionCookies;
import dev.portcullis.controlplane.session.SessionService;
import dev.portcullis.controlplane.session.SignInFormToken;
import dev.portcullis.controlplane.session.SignInService;
import dev.portcullis.controlplane.session.SignInThrottle;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;

/**
 * {@code /ui/sign-in} and {@code /ui/sign-out}. A failed sign-in says only "wrong username or password" whatever
 * was wrong, takes as long for an unknown user, and counts towards {@link SignInThrottle}. The form carries a
 * double-submit token ({@link SignInFormToken}) against login CSRF; a browser that still has a session may post it,
 * and that session ends when the new one starts.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance signIn(String error, String username, String formToken);
    }

    private final SignInService signIns;
    private final SessionService sessions;
    private final PortcullisConfig config;

    SignInPage(SignInService signIns, SessionService sessions, PortcullisConfig config) {
        this.signIns = signIns;
        this.sessions = sessions;
        this.config = config;
    }

    @GET
    @Path("sign-in")
    public Response form(HttpServerResponse response) {
        return page(200, null, "", response);
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm String username, @RestForm String password,
                           @RestForm(SignInFormToken.FIELD) String formToken, HttpServerRequest request,
                           HttpServerResponse response) {
        String name = username == null ? "" : username.trim();
        Cookie formCookie = request.getCookie(SignInFormToken.COOKIE);
        if (!SignInFormToken.matches(formToken, formCookie == null ? null : formCookie.getValue())) {
            return page(403, "This sign-in form has expired. Please sign in again.", name, response);
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        Cookie previous = request.getCookie(SessionCookies.NAME);
        SignInService.Outcome outcome = signIns.signIn(name, password, address,
                previous == null ? null : previous.getValue());
        if (outcome instanceof SignInService.SignedIn signedIn) {
            response.addCookie(SessionCookies.session(signedIn.sessionId(), config.cookieSecure()));
            response.addCookie(SignInFormToken.cookie("", config.cookieSecure()).setMaxAge(0));
            return Response.seeOther(URI.create("/ui/overview")).header("Cache-Control", "no-store").build();
        }
        if (outcome instanceof SignInService.Throttled) {
            return page(429, "Too many failed sign-ins. Wait 15 minutes, or ask an admin to reset your password.",
                    name, response);
        }
        return page(401, "Wrong username or password.", name, response);
    }

    /** The form with a fresh double-submit token in its hidden field and cookie. */
    private Response page(int status, String error, String username, HttpServerResponse response) {
        String token = SignInFormToken.generate();
        response.addCookie(SignInFormToken.cookie(token, config.cookieSecure()));
        return Response.status(status).entity(Templates.signIn(error, username, token))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("sign-out")
    public Response signOut(HttpServerRequest request, HttpServerResponse response) {
        var cookie = request.getCookie(SessionCookies.NAME);
        if (cookie != null) {
            sessions.end(cookie.getValue());
        }
        response.addCookie(SessionCookies.expired(config.cookieSecure()));
        return Response.seeOther(URI.create("/ui/sign-in")).build();
    }

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/ui/overview")).build();
    }
}
