package dev.portcullis.controlplane.pinning;

import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * {@code /api/pinning/changes}: every proxy's changes waiting for an administrator, newest first. Readable by every
 * role, like each proxy's own pinning; approving is for admins.
 */
@Path("/api/pinning/changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tool pinning")
@RolesAllowed(Role.VIEWER)
public class PendingChangesResource {

    private final PinService pins;

    PendingChangesResource(PinService pins) {
        this.pins = pins;
    }

    @GET
    @Operation(summary = "Changes to approve, of every proxy, each with the definition approved before it")
    public List<PinViews.Change> list() {
        return pins.pending(null);
    }
}
