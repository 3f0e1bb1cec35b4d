package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.audit.AuditQuery;
import dev.portcullis.controlplane.audit.AuditService;
import dev.portcullis.controlplane.audit.AuditView;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.history.ConfigDiff;
import dev.portcullis.controlplane.history.FieldChange;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code /ui/audit}: the audit log, newest first, filtered by entity type, entity id and actor; paged. */
@Path("/ui/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class AuditPage {

    private static final List<String> FILTERS = List.of("entityType", "entityId", "actor");
    private static final List<String> ENTITY_TYPES = List.of("proxy", "policy", "key", "secret", "user", "token");

    /** Links to the newer and older pages with the same filters, URL-encoded; null where there is none. */
    public record Pager(String newer, String older) {

        static Pager of(AuditService.Page page, Map<String, String> filters) {
            return new Pager(page.page() > 0 ? href(filters, page.page() - 1) : null,
                    page.hasMore() ? href(filters, page.page() + 1) : null);
        }

        private static String href(Map<String, String> filters, int page) {
            StringBuilder href = new StringBuilder("/ui/audit?");
            for (String name : FILTERS) {
                href.append(name).append('=').append(URLEncoder.encode(filters.get(name), StandardCharsets.UTF_8))
                        .append('&');
            }
            return href.append("page=").append(page).toString();
        }
    }

    /** An entry with the fields its change touched, as History shows them (secrets masked as in the log). */
    public record Row(AuditView entry, List<FieldChange> fields) {

        static Row of(AuditView entry) {
            return new Row(entry, ConfigDiff.fields(entry.before(), entry.after()));
        }
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance audit(List<Row> rows, Pager pager, Map<String, String> filters,
                                             String error, List<String> entityTypes);
    }

    private final AuditService service;

    AuditPage(AuditService service) {
        this.service = service;
    }

    @GET
    public Response list(@QueryParam("entityType") String entityType, @QueryParam("entityId") String entityId,
                         @QueryParam("actor") String actor, @QueryParam("page") Integer page) {
        Map<String, String> filters = Map.of("entityType", orEmpty(entityType), "entityId", orEmpty(entityId),
                "actor", orEmpty(actor));
        try {
            AuditQuery query = AuditQuery.parse(entityType, entityId, actor, null, null, page, AuditQuery.DEFAULT_SIZE);
            AuditService.Page found = service.search(query);
            return Response.ok(Templates.audit(found.entries().stream().map(Row::of).toList(), Pager.of(found, filters),
                    filters, null, ENTITY_TYPES)).build();
        } catch (ProblemException e) {
            return Response.status(400).entity(Templates.audit(null, null, filters, e.problem().detail(),
                    ENTITY_TYPES)).build();
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
