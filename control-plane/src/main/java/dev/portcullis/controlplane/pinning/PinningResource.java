package dev.portcullis.controlplane.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.pin.PinMode;
import dev.portcullis.model.validation.FieldError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/**
 * {@code /api/mcps/{id}/pinning}: a proxy's tool pinning (docs/pinning.md). Reading is open to every role;
 * changing the mode and approving are for admins, and audited.
 */
@Path("/api/mcps/{id}/pinning")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tool pinning")
@RolesAllowed(Role.ADMIN)
public class PinningResource {

    private static final Set<String> MODE_FIELDS = Set.of("mode", "approveCurrent");

    private final PinService pins;
    private final LiveDefinitions live;

    PinningResource(PinService pins, LiveDefinitions live) {
        this.pins = pins;
        this.live = live;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "The proxy's pinning mode, approved definitions and changes waiting for approval")
    public PinViews.Pinning get(@PathParam("id") String id) {
        return pins.view(id);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the pinning mode (off, observe, enforce); with approveCurrent: true, also approve"
            + " everything the live upstream lists now, in the same configuration version (502 when it cannot be"
            + " asked)")
    public PinViews.Pinning setMode(@PathParam("id") String id, String body) {
        ObjectNode json = JsonBodies.object(body);
        List<FieldError> errors = new java.util.ArrayList<>(JsonBodies.unknownFields(json, MODE_FIELDS));
        JsonNode mode = json.get("mode");
        PinMode parsed = mode != null && mode.isTextual() ? PinMode.parse(mode.textValue()) : null;
        if (parsed == null) {
            errors.add(new FieldError("mode", "must be one of off, observe, enforce"));
        }
        JsonNode approveCurrent = json.get("approveCurrent");
        if (approveCurrent != null && !approveCurrent.isBoolean()) {
            errors.add(new FieldError("approveCurrent", "must be true or false"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        boolean approve = approveCurrent != null && approveCurrent.booleanValue();
        pins.view(id); // 404 before the upstream is asked
        if (parsed != PinMode.OFF || approve) {
            pins.requirePinnable(id, "mode");
        }
        return pins.setMode(id, parsed, approve ? live.of(id) : null);
    }

    @POST
    @Path("changes/{changeId}/approve")
    @Operation(summary = "Approve one pending change: its definition becomes the approved one")
    public PinViews.Pinning approve(@PathParam("id") String id, @PathParam("changeId") long changeId) {
        return pins.approve(id, changeId);
    }

    @POST
    @Path("approve-current")
    @Operation(summary = "Approve all current: the approved definitions become exactly what the live upstream"
            + " lists now (502 when it cannot be asked)")
    public PinViews.Approved approveCurrent(@PathParam("id") String id) {
        pins.requirePinnable(id, "id");
        return pins.approveCurrent(id, live.of(id));
    }
}
