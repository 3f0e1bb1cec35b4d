package dev.portcullis.controlplane.policy;

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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.stream.Collectors;

/** {@code /api/policies}: access rights and limits keys reference (SPEC section 2), with ETag / If-Match. */
@Path("/api/policies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policies")
@RolesAllowed(Role.EDITOR)
public class PolicyResource {

    private final PolicyService service;

    PolicyResource(PolicyService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "List every policy, ordered by id")
    public String list() {
        return service.list().stream().map(p -> p.definition).collect(Collectors.joining(",", "[", "]"));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{id}")
    @Operation(summary = "One policy; its ETag is needed to update it")
    public Response get(@PathParam("id") String id) {
        return withEtag(Response.ok(), service.get(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a policy (camelCase or Tyk snake_case); id is derived from the name when absent")
    public Response create(String body) {
        StoredPolicy stored = service.create(body);
        return withEtag(Response.created(URI.create("/api/policies/" + stored.id)), stored);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a policy; needs If-Match. Every key bound to it changes on every gateway at once")
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           String body) {
        return withEtag(Response.ok(), service.update(id, body, new IfMatch(ifMatch)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a policy no unrevoked key uses (409 names the keys); If-Match optional but honoured")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(id, new IfMatch(ifMatch));
        return Response.noContent().build();
    }

    private static Response withEtag(Response.ResponseBuilder response, StoredPolicy stored) {
        return response.type(MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, IfMatch.etag(stored.version))
                .entity(stored.definition).build();
    }
}
