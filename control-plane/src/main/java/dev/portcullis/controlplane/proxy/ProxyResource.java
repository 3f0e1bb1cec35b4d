package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.json.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.stream.Collectors;

/** {@code /api/mcps}: proxy definitions (SPEC section 1) with ETag / If-Match optimistic locking. */
@Path("/api/mcps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MCP proxies")
@RolesAllowed(Role.EDITOR)
public class ProxyResource {

    private final ProxyService service;

    ProxyResource(ProxyService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "List every proxy definition, ordered by id")
    public String list() {
        return service.list().stream().map(p -> p.definition).collect(Collectors.joining(",", "[", "]"));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{id}")
    @Operation(summary = "One proxy definition; its ETag is needed to update it")
    public Response get(@PathParam("id") String id) {
        return withEtag(Response.ok(), service.get(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a proxy; id is derived from the name when absent")
    public Response create(String body) {
        StoredProxy stored = service.create(body);
        return withEtag(Response.created(URI.create("/api/mcps/" + stored.id)), stored);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a proxy definition; needs If-Match")
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           String body) {
        return withEtag(Response.ok(), service.update(id, body, new IfMatch(ifMatch)));
    }

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a replacement definition without saving it: 200 when an update would accept it, "
            + "else the 400 problem an update would give")
    public Response validate(@PathParam("id") String id, String body) {
        service.get(id);
        service.validate(id, body);
        return Response.ok("{\"valid\":true}", MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a proxy; If-Match optional but honoured")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(id, new IfMatch(ifMatch));
        return Response.noContent().build();
    }

    /**
     * The definition in its canonical member order (that of {@link dev.portcullis.model.proxy.ProxyDefinition}: id,
     * name, listen path, upstream... then the primitives), not the order the database keeps, so people reading it in
     * the dashboard's definition editor find the fields where the documentation puts them.
     */
    private static Response withEtag(Response.ResponseBuilder response, StoredProxy stored) {
        return response.type(MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, IfMatch.etag(stored.version))
                .entity(Json.write(ProxyRepository.definitionOf(stored))).build();
    }
}
