package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.auth.AuthAttributes;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.util.List;

/**
 * The signed-in user as templates see it: {@code {inject:dashboard.username}}, {@code role}, {@code csrfToken},
 * {@code canEdit}, {@code admin}, {@code nav}. Request-scoped; only for pages behind sign-in (the identity must
 * be authenticated).
 */
@RequestScoped
@Named("dashboard")
public class DashboardContext {

    /** A navigation entry; {@code built} is false for pages not in this release (shown, not linked). */
    public record NavItem(String label, String path, boolean built, boolean current) {
    }

    private static final List<String[]> NAV = List.of(
            new String[]{"Overview", "/ui/overview", Role.VIEWER, "true"},
            new String[]{"MCP registry", "/ui/mcps", Role.VIEWER, "true"},
            new String[]{"Keys", "/ui/keys", Role.VIEWER, "true"},
            new String[]{"Policies", "/ui/policies", Role.VIEWER, "true"},
            new String[]{"Monitoring", "/ui/monitoring", Role.VIEWER, "true"},
            new String[]{"Gateways", "/ui/gateways", Role.VIEWER, "true"},
            new String[]{"History", "/ui/history", Role.VIEWER, "true"},
            new String[]{"Changes", "/ui/changes", Role.ADMIN, "true"},
            new String[]{"Audit log", "/ui/audit", Role.ADMIN, "true"},
            new String[]{"Users", "/ui/users", Role.ADMIN, "true"},
            new String[]{"Import", "/ui/import/tyk", Role.ADMIN, "true"});

    private final SecurityIdentity identity;
    private final HttpServerRequest request;

    DashboardContext(SecurityIdentity identity, HttpServerRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public String username() {
        return identity.getPrincipal().getName();
    }

    public String role() {
        return identity.hasRole(Role.ADMIN) ? Role.ADMIN : identity.hasRole(Role.EDITOR) ? Role.EDITOR : Role.VIEWER;
    }

    public boolean canEdit() {
        return identity.hasRole(Role.EDITOR);
    }

    public boolean admin() {
        return identity.hasRole(Role.ADMIN);
    }

    /** The session's CSRF token for {@code _csrf} form fields; empty for a token caller. */
    public String csrfToken() {
        String token = identity.getAttribute(AuthAttributes.CSRF_TOKEN);
        return token == null ? "" : token;
    }

    /** The entries the user's role may see, the current page marked. */
    public List<NavItem> nav() {
        String path = request.path();
        return NAV.stream().filter(item -> identity.hasRole(item[2]))
                .map(item -> new NavItem(item[0], item[1], Boolean.parseBoolean(item[3]), path.startsWith(item[1])))
                .toList();
    }
}
