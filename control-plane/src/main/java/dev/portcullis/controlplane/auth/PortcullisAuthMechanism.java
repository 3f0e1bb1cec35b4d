package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.session.SessionCookies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * How every caller of {@code /api} and {@code /ui} authenticates: an {@code Authorization: Bearer} token (the
 * bootstrap admin token or an API token JWT) or, without one, the dashboard session cookie. Runs before SmallRye
 * JWT's own mechanism and answers every bearer token itself, so that one never sees a request.
 *
 * <p>Runs on the event loop and only extracts credentials; the identity providers look them up on a worker thread.
 * Challenges are {@code application/problem+json} 401s for the API and a redirect to the sign-in page for the UI.
 */
@ApplicationScoped
@Priority(2000)
public class PortcullisAuthMechanism implements HttpAuthenticationMechanism {

    static final String REALM = "Bearer realm=\"portcullis\"";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            String token = bearer(authorization);
            // Any other scheme (Basic, a gateway token) is a failed attempt, not an anonymous request.
            return identityProviderManager.authenticate(new BearerTokenRequest(token == null ? "" : token));
        }
        Cookie session = context.request().getCookie(SessionCookies.NAME);
        if (session != null && !session.getValue().isEmpty()) {
            return identityProviderManager.authenticate(new SessionCookieRequest(session.getValue()));
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (isUiPage(context)) {
            context.response().setStatusCode(303).putHeader("Location", "/ui/sign-in")
                    .putHeader("Cache-Control", "no-store");
            if (context.request().getCookie(SessionCookies.NAME) != null) {
                context.response().addCookie(SessionCookies.expired(context.request().isSSL()));
            }
            context.response().end();
            return Uni.createFrom().item(true);
        }
        boolean presented = context.request().getHeader(HttpHeaderNames.AUTHORIZATION) != null;
        Problem problem = Problem.of(401, "unauthorized", "Unauthorized", presented
                ? "the bearer token is not valid (unknown, expired or revoked)"
                : "sign in, or send 'Authorization: Bearer <token>' with an admin or API token");
        context.response().setStatusCode(401)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", REALM)
                .end(Buffer.buffer(problem.body()));
        return Uni.createFrom().item(true);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", REALM));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(BearerTokenRequest.class, SessionCookieRequest.class);
    }

    @Override
    public int getPriority() {
        return 2000;
    }

    private static boolean isUiPage(RoutingContext context) {
        String path = context.normalizedPath();
        return (path.equals("/ui") || path.startsWith("/ui/"))
                && !"true".equals(context.request().getHeader("HX-Request"));
    }

    /** The token of an {@code Authorization: Bearer} header (scheme case-insensitive), or null. */
    private static String bearer(String header) {
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
