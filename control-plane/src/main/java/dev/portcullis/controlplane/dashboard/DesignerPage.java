package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.proxy.StoredProxy;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code /ui/mcps/{id}}: the MCP designer for one proxy (Settings, Primitives, View definition). The page is a shell:
 * {@code designer.js} reads and saves the definition through {@code /api/mcps/{id}} with If-Match, so every rule and
 * field error comes from the API. An unknown id answers 404 through the API's problem mapping. For a virtual server
 * the Settings tab edits its members instead of an upstream (the proxies it may list are offered), and the
 * Primitives tab shows what its members present under their virtual names.
 */
@Path("/ui/mcps/{id}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class DesignerPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance designer(String id, String name, String gatewayUrl, boolean virtual,
                                                List<RegistryPage.Candidate> candidates);
    }

    private final ProxyService proxies;
    private final PortcullisConfig config;

    DesignerPage(ProxyService proxies, PortcullisConfig config) {
        this.proxies = proxies;
        this.config = config;
    }

    @GET
    public TemplateInstance show(@PathParam("id") String id) {
        StoredProxy stored = proxies.get(id);
        boolean virtual = ProxyRepository.definitionOf(stored).isVirtual();
        List<RegistryPage.Candidate> candidates = !virtual ? List.of() : proxies.list().stream()
                .filter(other -> !other.id.equals(id))
                .filter(other -> !ProxyRepository.definitionOf(other).isVirtual())
                .map(other -> new RegistryPage.Candidate(other.id, other.name))
                .toList();
        return Templates.designer(stored.id, stored.name,
                GatewayEndpoint.mcpUrl(config, stored.listenPath).orElse(null), virtual, candidates);
    }
}
