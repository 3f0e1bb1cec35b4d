package dev.portcullis.controlplane.primitive;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import jakarta.annotation.PreDestroy;
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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /api/mcps/{id}/primitives}: the tools, prompts and resources the proxy's live upstream advertises, so
 * the designer can offer exact names when an editor adds a primitive (so it needs the editor role: it makes the
 * control plane call the upstream with its credentials). A failure tells the client only "unreachable", whatever
 * happened: telling a refused connection from a timeout, an HTTP error or a non-MCP answer would let an editor map
 * what listens behind the control plane. The {@link UpstreamUnreachable.Category}, the address and the details go
 * to the log. For a virtual server, its active members are asked at once and their answers merged under the names
 * the virtual server presents ({@link VirtualPrimitives}); a member that cannot be asked is left out and marked, and
 * 502 comes only when none can. Runs on a worker thread (JDBC, then blocking HTTP to the upstreams).
 */
@Path("/api/mcps/{id}/primitives")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "MCP proxies")
@RolesAllowed(Role.EDITOR)
public class PrimitivesResource {

    private static final Logger LOG = Logger.getLogger(PrimitivesResource.class);

    private final UpstreamAccessResolver resolver;
    private final McpListingClient client;
    /** Asks a virtual server's members side by side (at most 16 each), so the answer waits for the slowest only. */
    private final ExecutorService members = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "primitives-member");
        thread.setDaemon(true);
        return thread;
    });

    PrimitivesResource(UpstreamAccessResolver resolver, McpListingClient client) {
        this.resolver = resolver;
        this.client = client;
    }

    @PreDestroy
    void stop() {
        members.shutdownNow();
    }

    @GET
    @APIResponse(responseCode = "200", description = "What the upstream advertises", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UpstreamPrimitives.class)))
    @APIResponse(responseCode = "502", description = "The upstream could not be asked (for a virtual server: none"
            + " of its members could)")
    @Operation(operationId = "listUpstreamPrimitives",
            summary = "What the proxy's upstream MCP server advertises (tools, prompts, resources); 502 when it"
            + " cannot be asked. For a virtual server, what its members advertise under the names it presents."
            + " Editors and admins: it is part of adding a primitive")
    public UpstreamPrimitives list(@PathParam("id") String id) {
        ProxyDefinition definition = resolver.definition(id);
        if (definition.isVirtual()) {
            return listMembers(definition);
        }
        UpstreamAccess access = resolver.resolve(id);
        try {
            return client.list(access);
        } catch (UpstreamUnreachable e) {
            LOG.infof("listing primitives of proxy %s failed (%s): %s", id, e.category().shown(), e.getMessage());
            throw unreachable("the upstream could not be asked: unreachable; type the primitive's exact name instead");
        }
    }

    private UpstreamPrimitives listMembers(ProxyDefinition virtual) {
        Map<String, CompletableFuture<UpstreamPrimitives>> asked = new LinkedHashMap<>();
        for (VirtualMember member : virtual.members()) {
            ProxyDefinition proxy = resolver.definition(member.proxy());
            if (!proxy.active()) {
                continue; // gateways leave an inactive member out of the virtual server
            }
            UpstreamAccess access = resolver.resolve(member.proxy());
            asked.put(member.proxy(), CompletableFuture.supplyAsync(() -> listOrNull(virtual.id(), member.proxy(),
                    access), members));
        }
        Map<String, UpstreamPrimitives> listed = new LinkedHashMap<>();
        asked.forEach((proxy, answer) -> listed.put(proxy, answer.join()));
        if (listed.values().stream().allMatch(Objects::isNull)) {
            throw unreachable("no member of the virtual server could be asked: unreachable");
        }
        return VirtualPrimitives.merge(virtual, listed);
    }

    private UpstreamPrimitives listOrNull(String virtualId, String memberId, UpstreamAccess access) {
        try {
            return client.list(access);
        } catch (UpstreamUnreachable e) {
            LOG.infof("listing primitives of member %s of virtual server %s failed (%s): %s", memberId, virtualId,
                    e.category().shown(), e.getMessage());
            return null;
        }
    }

    private static ProblemException unreachable(String detail) {
        return new ProblemException(Problem.of(502, "upstream-unreachable", "Upstream unreachable", detail)
                .with("category", "unreachable"));
    }
}
