package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Comparator;
import java.util.List;

/**
 * {@code /ui/monitoring}: activity by MCP. The page is a shell (filters, chart canvases, empty tables); {@code
 * monitoring.js} reads {@code /api/analytics/...} with the chosen filters and fills it without reloading. Every role
 * may watch the traffic.
 */
@Path("/ui/monitoring")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class MonitoringPage {

    /** A proxy for the filter and for naming proxy ids in charts; {@code gatewayUrl} null when none is configured. */
    public record ProxyOption(String id, String name, String gatewayUrl) {
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance monitoring(List<ProxyOption> proxies, String gatewayUrl);
    }

    private final ProxyService proxies;
    private final PortcullisConfig config;

    MonitoringPage(ProxyService proxies, PortcullisConfig config) {
        this.proxies = proxies;
        this.config = config;
    }

    @GET
    public TemplateInstance show() {
        String gateway = config.dashboard().gatewayUrl().map(url -> url.replaceAll("/+$", "")).orElse(null);
        List<ProxyOption> options = proxies.list().stream()
                .map(stored -> new ProxyOption(stored.id, stored.name,
                        gateway == null ? null : gateway + stored.listenPath))
                .sorted(Comparator.comparing(ProxyOption::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        return Templates.monitoring(options, gateway);
    }
}
