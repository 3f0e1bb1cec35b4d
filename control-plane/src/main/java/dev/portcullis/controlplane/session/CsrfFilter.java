package dev.portcullis.controlplane.session;

import dev.portcullis.controlplane.auth.AuthAttributes;
import dev.portcullis.controlplane.common.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Refuses with 403 every state-changing request authenticated by the dashboard session cookie that does not carry
 * the session's CSRF token, in the {@code X-CSRF-Token} header (htmx, fetch) or the {@code _csrf} form field (plain
 * forms). Bearer-token callers are not affected: a browser never attaches their token by itself. The sign-in form
 * is exempt; it is guarded by {@link SignInFormToken} instead.
 *
 * <p>The body is read before this filter ({@code readBody}) so the form field is available.
 */
public class CsrfFilter {

    public static final String HEADER = "X-CSRF-Token";
    public static final String FORM_FIELD = "_csrf";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final CurrentIdentityAssociation identities;

    CsrfFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter(readBody = true)
    public Uni<Response> check(ResteasyReactiveContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod()) || !sessionOnly(request) || isSignIn(request)) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().map(identity -> verdict(identity, request));
    }

    /**
     * True when the session cookie is the only credential: with an Authorization header the caller authenticates by
     * token (or fails to), and without the cookie there is no session to forge. Checking this first keeps the filter
     * from authenticating requests it has no business with, such as gateways posting to {@code /feed}.
     */
    private static boolean sessionOnly(ResteasyReactiveContainerRequestContext request) {
        return request.getHeaderString(HttpHeaders.AUTHORIZATION) == null
                && request.getCookies().containsKey(SessionCookies.NAME);
    }

    /**
     * The sign-in form has its own double-submit token ({@link SignInFormToken}): a browser that still holds a
     * session (perhaps an expired one) must be able to sign in again, and has no session CSRF token to send.
     */
    private static boolean isSignIn(ResteasyReactiveContainerRequestContext request) {
        return SignInFormToken.PATH.equals(request.getUriInfo().getPath());
    }

    private static Response verdict(SecurityIdentity identity, ResteasyReactiveContainerRequestContext request) {
        if (identity == null || identity.isAnonymous() || !AuthAttributes.viaSession(identity)) {
            return null;
        }
        String expected = identity.getAttribute(AuthAttributes.CSRF_TOKEN);
        String presented = request.getHeaderString(HEADER);
        if (presented == null
                && request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context
                && context.getFormData() != null
                && context.getFormParameter(FORM_FIELD, true, false) instanceof String field) {
            presented = field;
        }
        if (presented != null && expected != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Problem.of(403, "csrf", "Forbidden", presented == null
                ? "this request needs the session's CSRF token (header " + HEADER + " or form field " + FORM_FIELD + ")"
                : "the CSRF token does not match this session; reload the page").toResponse();
    }
}
