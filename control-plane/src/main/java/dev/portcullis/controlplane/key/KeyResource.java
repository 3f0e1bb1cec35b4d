package dev.portcullis.controlplane.key;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    @Operation(summary = "List keys, newest first; alias filters by case-insensitive substring")
    public List<KeyView> list(@QueryParam("alias") String alias) {
        var now = service.now();
        return service.list(alias).stream().map(key -> KeyView.of(key, now)).toList();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{id}")
    @Operation(summary = "One key (without its token); its ETag is needed to update it")
    public Response get(@PathParam("id") String id) {
        ApiKey key = service.get(id);
        return Response.ok(KeyView.of(key, service.now())).header(HttpHeaders.ETAG, IfMatch.etag(key.version)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a key; the response carries the token, shown this once")
    public Response create(String body) {
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
    @Operation(summary = "Update alias, proxies, policies and expiry; needs If-Match")
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           String body) {
        IfMatch precondition = new IfMatch(ifMatch).required();
        ApiKey key = service.update(id, KeyRequest.parse(body), precondition);
        return Response.ok(KeyView.of(key, service.now())).header(HttpHeaders.ETAG, IfMatch.etag(key.version)).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a key (the record stays, state revoked); If-Match optional but honoured")
    public Response revoke(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.revoke(id, new IfMatch(ifMatch));
        return Response.noContent().build();
    }
}
