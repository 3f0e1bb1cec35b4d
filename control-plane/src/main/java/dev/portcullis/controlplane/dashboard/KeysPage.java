package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.key.KeyService;
import dev.portcullis.controlplane.key.KeyView;
import dev.portcullis.controlplane.policy.PolicyService;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.user.Role;
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
 * {@code /ui/keys}: consumer keys with a search by alias ({@code /ui/keys/rows} re-renders the table body for htmx).
 * Creating, editing and revoking go through {@code /api/keys} from {@code keys.js}, so the token travels only in
 * the create response and the rules, audit and If-Match checks are {@link KeyService}'s.
 */
@Path("/ui/keys")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class KeysPage {

    /**
     * A key row; times are ISO-8601 instants (the page shows them in the browser's time zone), empty when absent; no
     * fingerprints = not certificate-bound.
     */
    public record Row(String id, String alias, List<String> policies, List<String> proxies,
                      List<String> certificateFingerprints, String state, String expiresAt, String createdAt,
                      String lastUsedAt) {
    }

    /** A proxy to grant; {@code mcpUrl} (its endpoint on the gateway, or null) fills the key dialog's Connect panel. */
    public record ProxyChoice(String id, String name, String mcpUrl) {
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance keys(List<Row> keys, String alias, List<ProxyChoice> proxies,
                                            List<Choice> policies);

        static native TemplateInstance keys$rows(List<Row> keys, String alias);
    }

    private final KeyService keys;
    private final ProxyService proxies;
    private final PolicyService policies;
    private final PortcullisConfig config;

    KeysPage(KeyService keys, ProxyService proxies, PolicyService policies, PortcullisConfig config) {
        this.keys = keys;
        this.config = config;
        this.proxies = proxies;
        this.policies = policies;
    }

    @GET
    public TemplateInstance list(@QueryParam("alias") String alias) {
        List<ProxyChoice> proxyChoices = proxies.list().stream().map(p -> new ProxyChoice(p.id, p.name,
                GatewayEndpoint.mcpUrl(config, p.listenPath).orElse(null))).toList();
        List<Choice> policyChoices = policies.list().stream().map(p -> new Choice(p.id, p.name)).toList();
        return Templates.keys(matching(alias), orEmpty(alias), proxyChoices, policyChoices);
    }

    @GET
    @Path("rows")
    public TemplateInstance search(@QueryParam("alias") String alias) {
        return Templates.keys$rows(matching(alias), orEmpty(alias));
    }

    private List<Row> matching(String alias) {
        Instant now = keys.now();
        return keys.list(alias == null ? null : alias.strip()).stream().map(key -> KeyView.of(key, now))
                .map(view -> new Row(view.id(), view.alias(), view.policies(), view.proxies(),
                        view.certificateFingerprints(), view.state(),
                        shown(view.expiresAt()), shown(view.createdAt()), shown(view.lastUsedAt())))
                .toList();
    }

    private static String shown(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
