package dev.portcullis.controlplane.primitive;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/mcps/{id}/primitives}: the tools, prompts and resources the proxy's live upstream advertises, so
 * the designer can offer exact names when an editor adds a primitive (so it needs the editor role: it makes the
 * control plane call the upstream with its credentials). A failure tells the client only "unreachable", whatever
 * happened: telling a refused connection from a timeout, an HTTP error or a non-MCP answer would let an editor map
 * what listens behind the control plane. The {@link UpstreamUnreachable.Category}, the address and the details go
 * to the log. Runs on a worker thread (JDBC, then blocking HTTP to the upstream).
 */
@Path("/api/mcps/{id}/primitives")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MCP proxies")
@RolesAllowed(Role.EDITOR)
public class PrimitivesResource {

    private static final Logger LOG = Logger.getLogger(PrimitivesResource.class);

    private final UpstreamAccessResolver resolver;
    private final McpListingClient client;

    PrimitivesResource(UpstreamAccessResolver resolver, McpListingClient client) {
        this.resolver = resolver;
        this.client = client;
    }

    @GET
    @APIResponse(responseCode = "200", description = "What the upstream advertises", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UpstreamPrimitives.class)))
    @APIResponse(responseCode = "502", description = "The upstream could not be asked")
    @Operation(operationId = "listUpstreamPrimitives",
            summary = "What the proxy's upstream MCP server advertises (tools, prompts, resources); 502 when it"
            + " cannot be asked. Editors and admins: it is part of adding a primitive")
    public UpstreamPrimitives list(@PathParam("id") String id) {
        UpstreamAccess access = resolver.resolve(id);
        try {
            return client.list(access);
        } catch (UpstreamUnreachable e) {
            LOG.infof("listing primitives of proxy %s failed (%s): %s", id, e.category().shown(), e.getMessage());
            throw new ProblemException(Problem.of(502, "upstream-unreachable", "Upstream unreachable",
                    "the upstream could not be asked: unreachable; type the primitive's exact name instead")
                    .with("category", "unreachable"));
        }
    }
}
