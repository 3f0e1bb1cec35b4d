package dev.portcullis.controlplane.tykimport;

import dev.portcullis.controlplane.user.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/import/tyk}: Tyk OAS MCP API definitions and Tyk policies in, proxies and policies out, with a
 * report of what was mapped and what was left behind. Admins only: one request can create many resources.
 */
@Path("/api/import/tyk")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Import")
@RolesAllowed(Role.ADMIN)
public class TykImportResource {

    private final TykImportService service;

    TykImportResource(TykImportService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import Tyk API definitions and policies; dryRun answers the result without saving")
    public Response importTyk(String body) {
        TykImportReport report = service.run(body);
        return Response.status(report.dryRun() ? 200 : 201).entity(report).build();
    }
}
