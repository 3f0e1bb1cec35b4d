package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** {@code /api/gateways/session-keys}: the keys gateways seal MCP session ids with; ids and dates, never keys. */
@Path("/api/gateways/session-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Gateways")
@RolesAllowed(Role.ADMIN)
public class SessionKeyResource {

    private final SessionKeyService service;

    SessionKeyResource(SessionKeyService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(operationId = "listSessionKeys",
            summary = "The current session key and the previous ones still accepted, with their deadlines")
    public List<SessionKeyView> list() {
        return service.list();
    }

    @POST
    @Path("rotate")
    @Operation(operationId = "rotateSessionKey",
            summary = "Make a new current session key; previous ones keep opening live sessions for the"
            + " configured lifetime, or stop at once with keepPrevious=false")
    public List<SessionKeyView> rotate(@QueryParam("keepPrevious") @DefaultValue("true") boolean keepPrevious) {
        return service.rotate(keepPrevious);
    }
}
