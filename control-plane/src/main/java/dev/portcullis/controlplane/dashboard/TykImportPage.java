package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.user.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /ui/import/tyk}: paste or upload Tyk API definitions and policies, preview what they become (a dry run of
 * {@code POST /api/import/tyk}), then import them. Admins only, like the API it calls.
 */
@Path("/ui/import/tyk")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class TykImportPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance tykImport();
    }

    @GET
    public TemplateInstance page() {
        return Templates.tykImport();
    }
}
