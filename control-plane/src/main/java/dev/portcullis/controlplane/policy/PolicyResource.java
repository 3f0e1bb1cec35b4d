package dev.portcullis.controlplane.policy;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.apidoc.ApiDoc;
import dev.portcullis.controlplane.common.DefinitionAnswers;
import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.policy.Policy;
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
 * {@code /api/policies}: access rights and limits keys reference, with ETag / If-Match. Bodies are read as text so
 * that shared-model reports every bad field at once (and accepts Tyk's snake_case spellings); the document
 * describes them as {@link Policy}.
 */
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
    @Operation(operationId = "listPolicies", summary = "List every policy, ordered by id")
    @APIResponse(responseCode = "200", description = "The policies", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = Policy.class)))
    public Response list() {
        return DefinitionAnswers.list(service);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{id}")
    @Operation(operationId = "getPolicy", summary = "One policy; its ETag is needed to update it")
    @APIResponse(responseCode = "200", description = "The policy", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Policy.class)))
    public Response get(@PathParam("id") String id) {
        return DefinitionAnswers.ok(service, service.get(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPolicy",
            summary = "Create a policy (camelCase or Tyk snake_case); id is derived from the"
            + " name when absent")
    @APIResponse(responseCode = "201", description = "Created, with defaults filled in",
            headers = {@Header(name = HttpHeaders.ETAG), @Header(name = HttpHeaders.LOCATION)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Policy.class)))
    @APIResponse(responseCode = "409", description = "The id is taken")
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Policy.class))) String body) {
        return DefinitionAnswers.created(service, "/api/policies", service.create(body));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updatePolicy",
            summary = "Replace a policy; needs If-Match. Every key bound to it changes on"
            + " every gateway at once")
    @APIResponse(responseCode = "200", description = "Replaced", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Policy.class)))
    public Response update(@PathParam("id") String id,
                           @Parameter(required = true, description = ApiDoc.IF_MATCH)
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = Policy.class))) String body) {
        return DefinitionAnswers.ok(service, service.update(id, body, new IfMatch(ifMatch)));
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but an error may have one
    @Path("{id}")
    @Operation(operationId = "deletePolicy",
            summary = "Delete a policy no unrevoked key uses; If-Match optional but honoured")
    @APIResponse(responseCode = "204", description = "Deleted, and removed from the revoked keys that listed it")
    @APIResponse(responseCode = "409", description = "Keys that are not revoked use it; boundKeys names them")
    public Response delete(@PathParam("id") String id,
                           @Parameter(description = ApiDoc.IF_MATCH_OPTIONAL)
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(id, new IfMatch(ifMatch));
        return Response.noContent().build();
    }
}
