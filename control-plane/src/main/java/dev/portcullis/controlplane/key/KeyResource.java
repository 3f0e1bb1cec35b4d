package dev.portcullis.controlplane.key;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import dev.portcullis.controlplane.common.IfMatch;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.portcullis.controlplane.apidoc.ApiDoc;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** {@code /api/keys}: consumer keys. The token is in the create response only; the hash is never shown. */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Keys")
@RolesAllowed(Role.EDITOR)
public class KeyResource {

    private final KeyService service;

    KeyResource(KeyService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(operationId = "listKeys", summary = "List keys, newest first; alias filters by case-insensitive"
            + " substring")
    public List<KeyView> list(@Parameter(description = "part of the alias, any case") @QueryParam("alias")
                              String alias) {
        var now = service.now();
        return service.list(alias).stream().map(key -> KeyView.of(key, now)).toList();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{id}")
    @Operation(operationId = "getKey", summary = "One key (without its token); its ETag is needed to update it")
    @APIResponse(responseCode = "200", description = "The key", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = KeyView.class)))
    public Response get(@PathParam("id") String id) {
        ApiKey key = service.get(id);
        return Response.ok(KeyView.of(key, service.now())).header(HttpHeaders.ETAG, IfMatch.etag(key.version)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createKey", summary = "Create a key; the response carries the token (key), shown this"
            + " once")
    @APIResponse(responseCode = "201", description = "Created; key is the token agents send",
            headers = {@Header(name = HttpHeaders.ETAG), @Header(name = HttpHeaders.LOCATION)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = KeyView.class)))
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = KeyRequest.class))) String body) {
        KeyService.Created created = service.create(KeyRequest.parse(body));
        ApiKey key = created.key();
        return Response.created(URI.create("/api/keys/" + key.id))
                .header(HttpHeaders.ETAG, IfMatch.etag(key.version))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(KeyView.withToken(key, service.now(), created.token())).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateKey", summary = "Update alias, proxies, policies and expiry; needs If-Match")
    @APIResponse(responseCode = "200", description = "Updated", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = KeyView.class)))
    @APIResponse(responseCode = "409", description = "The key is revoked")
    public Response update(@PathParam("id") String id,
                           @Parameter(required = true, description = ApiDoc.IF_MATCH)
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = KeyRequest.class))) String body) {
        IfMatch precondition = new IfMatch(ifMatch).required();
        ApiKey key = service.update(id, KeyRequest.parse(body), precondition);
        return Response.ok(KeyView.of(key, service.now())).header(HttpHeaders.ETAG, IfMatch.etag(key.version)).build();
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but an error may have one
    @Path("{id}")
    @Operation(operationId = "revokeKey", summary = "Revoke a key (the record stays, state revoked); If-Match"
            + " optional but honoured")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") String id,
                           @Parameter(description = ApiDoc.IF_MATCH_OPTIONAL)
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.revoke(id, new IfMatch(ifMatch));
        return Response.noContent().build();
    }
}
