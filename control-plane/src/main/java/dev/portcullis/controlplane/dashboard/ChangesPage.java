package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.pinning.DefinitionDiff;
import dev.portcullis.controlplane.pinning.PinService;
import dev.portcullis.controlplane.pinning.PinViews;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.pin.DefinitionHash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/**
 * {@code /ui/changes}: "Changes to approve", the tool, prompt and resource template definitions gateways saw that
 * no administrator approved, each shown side by side with the approved one, with Approve and Approve all current
 * (which call the pinning API). Newest first, {@value #PAGE_SIZE} a page. Admins only.
 */
@Path("/ui/changes")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class ChangesPage {

    /**
     * One pending change with its diff; {@code seenAgo} is relative to when the page was rendered; the short
     * hashes are the first 12 hex digits (null when there is no approved definition).
     */
    public record Row(PinViews.Change change, List<DefinitionDiff.Row> diff, String seenAgo, String approvedShort,
                      String hashShort) {
    }

    /** Links to the newer and older pages; null where there is none. */
    public record Pager(String newer, String older) {

        static Pager of(PinViews.ChangePage page) {
            return new Pager(page.page() > 0 ? "/ui/changes?page=" + (page.page() - 1) : null,
                    page.hasMore() ? "/ui/changes?page=" + (page.page() + 1) : null);
        }
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance changes(List<Row> changes, Pager pager);
    }

    static final int PAGE_SIZE = 20;
    /** Past any real list: a larger page number shows the last, empty, page rather than an error. */
    private static final int MAX_PAGE = 100_000;

    private final PinService pins;

    ChangesPage(PinService pins) {
        this.pins = pins;
    }

    @GET
    public TemplateInstance list(@QueryParam("page") Integer page) {
        Instant now = Instant.now();
        int number = page == null ? 0 : Math.max(0, Math.min(MAX_PAGE, page));
        PinViews.ChangePage found = pins.pending(number, PAGE_SIZE);
        return Templates.changes(found.entries().stream()
                .map(change -> new Row(change, DefinitionDiff.of(change.approvedDefinition(), change.definition()),
                        RelativeTime.between(change.firstSeen(), now), shortHash(change.approvedHash()),
                        shortHash(change.hash())))
                .toList(), Pager.of(found));
    }

    private static String shortHash(String hash) {
        return hash == null ? null : hash.substring(DefinitionHash.PREFIX.length(), DefinitionHash.PREFIX.length() + 12);
    }
}
