package dev.portcullis.controlplane.token;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** {@code /api/tokens}: the caller's API tokens (admins: everyone's). The token is in the create response only. */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API tokens")
@RolesAllowed(Role.VIEWER)
public class ApiTokenResource {

    private final ApiTokenService service;
    private final SecurityIdentity caller;

    ApiTokenResource(ApiTokenService service, SecurityIdentity caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listTokens",
            summary = "List your tokens (admins: every user's), newest first; never the token itself")
    public List<TokenView> list() {
        return service.list(caller);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createToken",
            summary = "Create a token for yourself with a role up to that of the calling credential;"
            + " the token is shown this once")
    @APIResponse(responseCode = "201", description = "Created; token is the bearer token, shown this once",
            headers = @Header(name = HttpHeaders.LOCATION), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TokenView.class)))
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TokenRequest.class))) String body) {
        ApiTokenService.Created created = service.create(caller, TokenRequest.parse(body, Instant.now()));
        return Response.created(URI.create("/api/tokens/" + created.token().jti))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(TokenView.of(created.token(), created.owner(), created.jwt())).build();
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but an error may have one
    @Path("{id}")
    @Operation(operationId = "revokeToken", summary = "Revoke a token; it is refused from the next call on")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") String id) {
        service.revoke(caller, id);
        return Response.noContent().build();
    }
}
