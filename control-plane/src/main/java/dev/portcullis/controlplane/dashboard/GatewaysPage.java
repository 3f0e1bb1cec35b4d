package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.gateway.GatewayService;
import dev.portcullis.controlplane.gateway.GatewayView;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/**
 * {@code /ui/gateways}: every gateway that has contacted the feed, with its tags, when it was last seen, the
 * snapshot version it applied against the current configuration version, whether it is connected now, and the
 * last snapshot it refused. Read-only, every role.
 */
@Path("/ui/gateways")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class GatewaysPage {

    /** A gateway row: {@code lastSeenAgo} is relative to when the page was rendered. */
    public record Row(GatewayView gateway, String lastSeenAgo, String rejectedAgo, boolean upToDate) {
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance gateways(List<Row> gateways, long currentVersion);
    }

    private final GatewayService gateways;
    private final ConfigVersions versions;

    GatewaysPage(GatewayService gateways, ConfigVersions versions) {
        this.gateways = gateways;
        this.versions = versions;
    }

    @GET
    public TemplateInstance list() {
        long current = versions.committed();
        Instant now = Instant.now();
        List<Row> rows = gateways.list().stream().map(gateway -> new Row(gateway,
                RelativeTime.between(gateway.lastSeen(), now),
                gateway.lastRejection() == null ? null : RelativeTime.between(gateway.lastRejection().at(), now),
                gateway.serves(current))).toList();
        return Templates.gateways(rows, current);
    }
}
