package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.common.Problem;
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
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** {@code /api/secrets}: write-only values for {@code ${secret:name}} references; reads return metadata only. */
@Path("/api/secrets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Secrets")
@RolesAllowed(Role.EDITOR)
public class SecretResource {

    /** The body of a put, as the document describes it. */
    @Schema(name = "SecretValue", requiredProperties = "value")
    record SecretValue(String value) {
    }

    private final SecretService service;

    SecretResource(SecretService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(operationId = "listSecrets",
            summary = "List secrets by name with the proxies referencing each; never values")
    public List<SecretView> list() {
        return service.list();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{name}")
    @Operation(operationId = "getSecret", summary = "One secret's metadata; never its value")
    public SecretView get(@PathParam("name") String name) {
        return service.get(name);
    }

    @PUT
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but an error may have one
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putSecret", summary = "Create (201) or replace (204) a secret from"
            + " {\"value\": \"...\"}")
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = HttpHeaders.LOCATION))
    @APIResponse(responseCode = "204", description = "Replaced")
    public Response put(@PathParam("name") String name, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SecretValue.class))) String body) {
        return service.put(name, body)
                ? Response.created(URI.create("/api/secrets/" + name)).build()
                : Response.noContent().build();
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but an error may have one
    @Path("{name}")
    @Operation(operationId = "deleteSecret", summary = "Delete a secret; 409 while a proxy references it")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "A proxy references it")
    public Response delete(@PathParam("name") String name) {
        service.delete(name);
        return Response.noContent().build();
    }
}
