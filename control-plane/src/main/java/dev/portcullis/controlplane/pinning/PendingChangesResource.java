package dev.portcullis.controlplane.pinning;

import dev.portcullis.controlplane.history.VersionNumbers;
import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/pinning/changes}: every proxy's changes waiting for an administrator, newest first, paged. Readable by
 * every role, like each proxy's own pinning; approving is for admins.
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
    @Operation(operationId = "pendingPinChanges", summary = "Changes to approve, of every proxy, newest first, each"
            + " with the definition approved before it; paged (page from 0, size 1-200, default 50)")
    public PinViews.ChangePage list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        VersionNumbers.Paging paging = VersionNumbers.paging(page, size);
        return pins.pending(paging.page(), paging.size());
    }
}
