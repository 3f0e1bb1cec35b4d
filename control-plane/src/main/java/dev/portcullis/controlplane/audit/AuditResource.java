package dev.portcullis.controlplane.audit;

import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/audit}: who changed what, newest first. Admins only: entries name users and show their changes. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@RolesAllowed(Role.ADMIN)
public class AuditResource {

    private final AuditService service;

    AuditResource(AuditService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "searchAudit", summary = "Search the audit log by entity type/id, actor and time range ([from, to)); paged")
    public AuditService.Page search(@QueryParam("entityType") String entityType,
                                    @QueryParam("entityId") String entityId, @QueryParam("actor") String actor,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.search(AuditQuery.parse(entityType, entityId, actor, from, to, page, size));
    }
}
