package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.common.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Guards {@code /feed/**} with the gateway token, before routing, so an unauthenticated caller learns nothing (not
 * even which routes exist). Runs on the event loop: the check is an in-memory hash comparison ({@link AccessTokens}).
 * {@code /api} and {@code /ui} are guarded by {@link PortcullisAuthMechanism} and role checks instead.
 */
@ApplicationScoped
public class FeedTokenFilter {

    static final String REALM = "Bearer realm=\"portcullis\"";

    private final AccessTokens tokens;

    FeedTokenFilter(AccessTokens tokens) {
        this.tokens = tokens;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    private void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (under(path, "/feed")) {
            check(rc, tokens.isGateway(bearer(rc)), "the gateway token");
        } else {
            rc.next();
        }
    }

    private static void check(RoutingContext rc, boolean allowed, String what) {
        if (allowed) {
            rc.next();
            return;
        }
        boolean presented = rc.request().getHeader("Authorization") != null;
        Problem problem = Problem.of(401, "unauthorized", "Unauthorized", presented
                ? "the bearer token is not valid here; this endpoint needs " + what
                : "send 'Authorization: Bearer <token>' with " + what);
        rc.response().setStatusCode(401)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", REALM)
                .end(Buffer.buffer(problem.body()));
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The token of an {@code Authorization: Bearer} header (scheme case-insensitive), or null. */
    private static String bearer(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
