package dev.portcullis.controlplane.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.controlplane.dashboard.ForbiddenPage;
import dev.portcullis.controlplane.dashboard.SignInRedirect;
import dev.portcullis.model.validation.ValidationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Locale;
import java.util.UUID;

/**
 * Turns every exception that escapes a resource into {@code application/problem+json}. Client mistakes keep their
 * status and say what to fix; anything else is a 500 whose body carries only an error id that matches the one
 * logged with the stack trace, so no class name or stack trace ever reaches a client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return ProblemException.invalid(e.errors()).problem().toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return unauthorized(uri, headers);
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        return unauthorized(uri, headers);
    }

    /** A dashboard page or form (under {@code /ui}) gets an HTML page; the API gets problem+json. */
    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (ForbiddenPage.isDashboardPath(uri.getPath())) {
            return ForbiddenPage.response();
        }
        return Problem.of(403, "forbidden", "Forbidden",
                "your role does not allow this; ask an admin for a role that does").toResponse();
    }

    /** Dashboard pages redirect to the sign-in page; the API answers 401 problem+json. */
    private static Response unauthorized(UriInfo uri, HttpHeaders headers) {
        if (SignInRedirect.applies(uri.getPath(), headers)) {
            return SignInRedirect.response(headers);
        }
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized",
                        "sign in, or send 'Authorization: Bearer <token>' with an admin or API token").toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"portcullis\"").build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return Problem.of(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response concurrentUpdate(OptimisticLockException e) {
        return concurrentUpdate();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return internal(e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        Response.ResponseBuilder response = Response.fromResponse(
                Problem.of(status, slug(title), title, detail(e, status)).toResponse());
        if (e instanceof NotAllowedException && original.getHeaderString(HttpHeaders.ALLOW) != null) {
            response.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
        }
        return response.build();
    }

    /**
     * Anything else is a bug or an outage, except an optimistic-lock failure that surfaced at commit, wrapped in a
     * transaction or persistence exception: that is a concurrent update, which the client resolves by re-reading.
     */
    @ServerExceptionMapper
    public Response internal(Throwable e) {
        if (OptimisticLockFailures.isCause(e)) {
            return concurrentUpdate();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unhandled error %s", errorId);
        return Problem.of(500, "internal", "Internal Server Error",
                "the control plane failed to handle this request; quote error id " + errorId + " to its operator")
                .with("errorId", errorId).toResponse();
    }

    private static Response concurrentUpdate() {
        return Problem.of(412, "precondition-failed", "Precondition Failed",
                "the resource was changed by another request; read it again and retry").toResponse();
    }

    private static String detail(WebApplicationException e, int status) {
        if (e instanceof NotSupportedException) {
            return "unsupported Content-Type; send application/json";
        }
        return switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce a representation the Accept header allows; accept application/json";
            default -> "the request cannot be processed";
        };
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replace(' ', '-');
    }
}
