package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.apidoc.ApiDoc;
import dev.portcullis.controlplane.common.DefinitionAnswers;
import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.proxy.ProxyDefinition;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/mcps}: proxy definitions with ETag / If-Match optimistic locking. Bodies are read as text so that
 * shared-model reports every bad field at once; the document still describes them as {@link ProxyDefinition}.
 */
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
    @Operation(operationId = "listProxies", summary = "List every proxy definition, ordered by id")
    @APIResponse(responseCode = "200", description = "The definitions", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ProxyDefinition.class)))
    public Response list() {
        return DefinitionAnswers.list(service);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{id}")
    @Operation(operationId = "getProxy", summary = "One proxy definition; its ETag is needed to update it")
    @APIResponse(responseCode = "200", description = "The definition", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProxyDefinition.class)))
    public Response get(@PathParam("id") String id) {
        return DefinitionAnswers.ok(service, service.get(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createProxy", summary = "Create a proxy; id is derived from the name when absent")
    @APIResponse(responseCode = "201", description = "Created, with defaults filled in",
            headers = {@Header(name = HttpHeaders.ETAG), @Header(name = HttpHeaders.LOCATION)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ProxyDefinition.class)))
    @APIResponse(responseCode = "409", description = "The id is taken, or the listen path overlaps another"
            + " proxy's on a gateway that would serve both")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProxyDefinition.class))) String body) {
        return DefinitionAnswers.created(service, "/api/mcps", service.create(body));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateProxy", summary = "Replace a proxy definition; needs If-Match")
    @APIResponse(responseCode = "200", description = "Replaced", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProxyDefinition.class)))
    @APIResponse(responseCode = "409", description = "The listen path overlaps another proxy's on a gateway that"
            + " would serve both")
    public Response update(@PathParam("id") String id,
                           @Parameter(required = true, description = ApiDoc.IF_MATCH)
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = ProxyDefinition.class))) String body) {
        return DefinitionAnswers.ok(service, service.update(id, body, new IfMatch(ifMatch)));
    }

    /** The answer of {@link #validate}: an update would accept the definition. */
    public record Validity(boolean valid) {
    }

    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "validateProxy", summary = "Check a replacement definition without saving it: 200 when"
            + " an update would accept it, else the 400 problem an update would give")
    @APIResponse(responseCode = "200", description = "An update would accept it; nothing was stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Validity.class)))
    public Validity validate(@PathParam("id") String id,
                             @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                     schema = @Schema(implementation = ProxyDefinition.class))) String body) {
        service.get(id);
        service.validate(id, body);
        return new Validity(true);
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but an error may have one
    @Path("{id}")
    @Operation(operationId = "deleteProxy", summary = "Delete a proxy; If-Match optional but honoured")
    @APIResponse(responseCode = "204", description = "Deleted, and removed from every key that granted it")
    public Response delete(@PathParam("id") String id,
                           @Parameter(description = ApiDoc.IF_MATCH_OPTIONAL)
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(id, new IfMatch(ifMatch));
        return Response.noContent().build();
    }
}
