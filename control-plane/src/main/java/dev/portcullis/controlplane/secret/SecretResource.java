package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** {@code /api/secrets}: write-only values for {@code ${secret:name}} references; reads return metadata only. */
@Path("/api/secrets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Secrets")
@RolesAllowed(Role.EDITOR)
public class SecretResource {

    private final SecretService service;

    SecretResource(SecretService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "List secrets by name with the proxies referencing each; never values")
    public List<SecretView> list() {
        return service.list();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{name}")
    @Operation(summary = "One secret's metadata; never its value")
    public SecretView get(@PathParam("name") String name) {
        return service.get(name);
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create (201) or replace (204) a secret from {\"value\": \"...\"}")
    public Response put(@PathParam("name") String name, String body) {
        return service.put(name, body)
                ? Response.created(URI.create("/api/secrets/" + name)).build()
                : Response.noContent().build();
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a secret; 409 while a proxy references it")
    public Response delete(@PathParam("name") String name) {
        service.delete(name);
        return Response.noContent().build();
    }
}
