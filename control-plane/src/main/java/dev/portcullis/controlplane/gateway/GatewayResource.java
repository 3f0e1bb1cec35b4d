package dev.portcullis.controlplane.gateway;

import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** {@code /api/gateways}: the gateways that have contacted the feed. */
@Path("/api/gateways")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Gateways")
@RolesAllowed(Role.VIEWER)
public class GatewayResource {

    private final GatewayService service;

    GatewayResource(GatewayService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listGateways", summary = "Gateways with tags, last contact, applied snapshot version and last rejection")
    public List<GatewayView> list() {
        return service.list();
    }
}
