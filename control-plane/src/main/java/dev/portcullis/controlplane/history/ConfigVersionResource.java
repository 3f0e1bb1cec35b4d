package dev.portcullis.controlplane.history;

import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import dev.portcullis.controlplane.apidoc.ApiDoc;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/config/versions}: configuration history, the difference between two versions, and rollback. The list and each version carry the current configuration version as their {@code ETag}; a rollback
 * needs it in {@code If-Match}, so two admins never silently overwrite each other.
 */
@Path("/api/config/versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Configuration versions")
@RolesAllowed(Role.VIEWER)
public class ConfigVersionResource {

    private final VersionHistory history;
    private final ConfigRollback rollback;

    ConfigVersionResource(VersionHistory history, ConfigRollback rollback) {
        this.history = history;
        this.rollback = rollback;
    }

    @GET
    @Operation(operationId = "listConfigVersions", summary = "Configuration versions, newest first, paged; ETag is"
            + " the current version")
    @APIResponse(responseCode = "200", description = "One page", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VersionPage.class)))
    public Response list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return withEtag(history.list(VersionNumbers.paging(page, size)));
    }

    @GET
    @Path("{version}")
    @Operation(operationId = "getConfigVersion", summary = "One version with its proxy definitions and policies;"
            + " ETag is the current version")
    @APIResponse(responseCode = "200", description = "The version", headers = @Header(name = HttpHeaders.ETAG),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VersionDetail.class)))
    public Response get(@PathParam("version") String version) {
        return withEtag(history.get(VersionNumbers.version("version", version)));
    }

    @GET
    @Path("{version}/diff")
    @Operation(operationId = "diffConfigVersion",
            summary = "What changed from 'against' (default: the version before) to this version, leaf by leaf")
    public VersionDiff diff(@PathParam("version") String version, @QueryParam("against") String against) {
        return history.diff(VersionNumbers.version("version", version),
                VersionNumbers.optionalVersion("against", against));
    }

    @POST
    @Path("{version}/rollback")
    @RolesAllowed(Role.EDITOR)
    @APIResponse(responseCode = "200", description = "Rolled back as a new version",
            headers = @Header(name = HttpHeaders.ETAG), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RollbackResult.class)))
    @APIResponse(responseCode = "409", description = "The version's set cannot be restored as it is (a policy"
            + " still bound to keys, a secret gone)")
    @Operation(operationId = "rollbackConfigVersion",
            summary = "Make proxies and policies those of this version, as one new version; If-Match: the current"
            + " version. Keys and secrets are not rolled back")
    public Response rollback(@PathParam("version") String version,
                             @Parameter(required = true, description = ApiDoc.IF_MATCH)
                             @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        RollbackResult result = rollback.rollback(VersionNumbers.version("version", version), new IfMatch(ifMatch));
        return Response.ok(result).header(HttpHeaders.ETAG, IfMatch.etag(result.version())).build();
    }

    private static Response withEtag(VersionHistory.Read<?> read) {
        return Response.ok(read.value()).header(HttpHeaders.ETAG, IfMatch.etag(read.current())).build();
    }
}
