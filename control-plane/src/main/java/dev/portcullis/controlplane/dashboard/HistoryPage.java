package dev.portcullis.controlplane.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.history.EntityChange;
import dev.portcullis.controlplane.history.FieldChange;
import dev.portcullis.controlplane.history.VersionDetail;
import dev.portcullis.controlplane.history.VersionDiff;
import dev.portcullis.controlplane.history.VersionHistory;
import dev.portcullis.controlplane.history.VersionNumbers;
import dev.portcullis.controlplane.history.VersionPage;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.json.Json;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code /ui/history}: configuration versions, newest first, and for one version what changed since the version
 * before it, with a rollback button (editors and admins; the browser calls {@code /api/config/versions}). Every role
 * may read.
 */
@Path("/ui/history")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class HistoryPage {

    /** A changed leaf as the page prints it: JSON text, or null where the member did not exist. */
    public record FieldRow(String path, String before, String after) {

        static FieldRow of(FieldChange field) {
            return new FieldRow(field.path(), text(field.before()), text(field.after()));
        }

        private static String text(JsonNode value) {
            return value == null ? null : value.toString();
        }
    }

    /** A proxy or policy that changed, with its leaves. */
    public record ChangeRow(String type, String id, String change, List<FieldRow> fields) {

        static ChangeRow of(EntityChange change) {
            return new ChangeRow(change.type(), change.id(), change.change(),
                    change.fields().stream().map(FieldRow::of).toList());
        }
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance history(VersionPage page, long currentVersion, String error);

        static native TemplateInstance historyVersion(VersionDetail version, Long from, List<ChangeRow> changes,
                                                      long currentVersion, String proxiesText, String policiesText,
                                                      Long rolledBack, Long unchanged);
    }

    private final VersionHistory history;

    private static String pretty(JsonNode json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    HistoryPage(VersionHistory history) {
        this.history = history;
    }

    @GET
    public Response list(@QueryParam("page") Integer page) {
        try {
            VersionHistory.Read<VersionPage> read = history.list(VersionNumbers.paging(page, null));
            return Response.ok(Templates.history(read.value(), read.current(), null)).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status())
                    .entity(Templates.history(null, 0, e.problem().detail())).build();
        }
    }

    @GET
    @Path("{version}")
    public Response version(@PathParam("version") String version, @QueryParam("rolledBack") String rolledBack,
                            @QueryParam("unchanged") String unchanged) {
        try {
            long number = VersionNumbers.version("version", version);
            VersionHistory.Read<VersionDetail> read = history.get(number);
            VersionDiff diff = history.diff(number, null);
            return Response.ok(Templates.historyVersion(read.value(), diff.from(),
                    diff.changes().stream().map(ChangeRow::of).toList(), read.current(),
                    pretty(read.value().proxies()), pretty(read.value().policies()),
                    VersionNumbers.optionalVersion("rolledBack", rolledBack),
                    VersionNumbers.optionalVersion("unchanged", unchanged))).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status())
                    .entity(Templates.history(null, 0, e.problem().detail())).build();
        }
    }
}
