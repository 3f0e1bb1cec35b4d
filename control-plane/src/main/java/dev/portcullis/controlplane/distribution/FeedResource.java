package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.gateway.GatewayIdentity;
import dev.portcullis.controlplane.gateway.GatewayReport;
import dev.portcullis.controlplane.gateway.GatewayService;
import dev.portcullis.controlplane.secret.GatewayEncryptionKey;
import dev.portcullis.model.snapshot.SignedSnapshot;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The gateway feed (ADR 0001), guarded by the gateway token. The push stream, {@code GET /feed/v1/stream}, is a
 * Vert.x route ({@link SnapshotStreams}) because it needs raw SSE comments for pings.
 */
@Path("/feed/v1")
@Tag(name = "Gateway feed")
public class FeedResource {

    private final Snapshots snapshots;
    private final GatewayService gateways;

    FeedResource(Snapshots snapshots, GatewayService gateways) {
        this.snapshots = snapshots;
        this.gateways = gateways;
    }

    @GET
    @Path("snapshot")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The current signed snapshot for a gateway's tags")
    public SignedSnapshot snapshot(@QueryParam("gatewayId") String gatewayId, @QueryParam("tags") String tags,
                                   @QueryParam(GatewayEncryptionKey.PARAMETER) String encryptionKey) {
        GatewayIdentity gateway = GatewayIdentity.parse(gatewayId, tags, false);
        GatewayEncryptionKey key = GatewayEncryptionKey.parse(encryptionKey);
        gateways.seen(gateway);
        return snapshots.forGateway(gateway.tags(), key).signed();
    }

    @POST
    @Path("reports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A gateway reports the snapshot it applied or rejected")
    public Response report(String body) {
        gateways.report(GatewayReport.parse(body));
        return Response.noContent().build();
    }
}
