package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.gateway.GatewayService;
import dev.portcullis.controlplane.gateway.GatewayView;
import dev.portcullis.controlplane.history.VersionHistory;
import dev.portcullis.controlplane.history.VersionNumbers;
import dev.portcullis.controlplane.history.VersionView;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code /ui/overview}, where signing in lands: how many proxies, how many gateways serve the current configuration,
 * and the latest configuration changes. The traffic of the last hour and the top failing primitives are read by
 * {@code overview.js} from the analytics API, as Monitoring does. Every role.
 */
@Path("/ui/overview")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class OverviewPage {

    private static final int RECENT_CHANGES = 6;

    /** Proxies (and how many are active) and gateways (and how many have applied the current version). */
    public record Counts(int proxies, int activeProxies, int gateways, int gatewaysUpToDate, long currentVersion) {
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance overview(Counts counts, List<VersionView> changes);
    }

    private final ProxyService proxies;
    private final GatewayService gateways;
    private final ConfigVersions versions;
    private final VersionHistory history;

    OverviewPage(ProxyService proxies, GatewayService gateways, ConfigVersions versions, VersionHistory history) {
        this.proxies = proxies;
        this.gateways = gateways;
        this.versions = versions;
        this.history = history;
    }

    @GET
    public TemplateInstance show() {
        long current = versions.committed();
        var stored = proxies.list();
        List<GatewayView> all = gateways.list();
        int upToDate = (int) all.stream().filter(gateway -> gateway.serves(current)).count();
        Counts counts = new Counts(stored.size(), (int) stored.stream().filter(proxy -> proxy.active).count(),
                all.size(), upToDate, current);
        return Templates.overview(counts,
                history.list(VersionNumbers.paging(0, RECENT_CHANGES)).value().entries());
    }
}
