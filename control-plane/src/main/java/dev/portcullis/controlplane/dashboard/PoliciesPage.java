package dev.portcullis.controlplane.dashboard;

import dev.portcullis.controlplane.policy.PolicyRepository;
import dev.portcullis.controlplane.policy.PolicyService;
import dev.portcullis.controlplane.policy.StoredPolicy;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.policy.Policy;
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
 * {@code /ui/policies}: the list of policies and the policy editor ({@code /new}, {@code /{id}}). The editor is
 * built by {@code policies.js}, which reads and writes {@code /api/policies} with If-Match, so validation (regex
 * safety included) and audit stay {@link PolicyService}'s; viewers get the same editor with every field disabled.
 */
@Path("/ui/policies")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER)
public class PoliciesPage {

    /** A policy row; {@code limit} and {@code quota} are human summaries, empty when not set. */
    public record Row(String id, String name, String limit, String quota, List<String> proxies) {
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance policies(List<Row> policies);

        static native TemplateInstance policyEditor(String policyId, String policyName, List<Choice> proxies);
    }

    private final PolicyService policies;
    private final ProxyService proxies;

    PoliciesPage(PolicyService policies, ProxyService proxies) {
        this.policies = policies;
        this.proxies = proxies;
    }

    @GET
    public TemplateInstance list() {
        return Templates.policies(policies.list().stream().map(PoliciesPage::row).toList());
    }

    @GET
    @Path("new")
    @RolesAllowed(Role.EDITOR)
    public TemplateInstance create() {
        return Templates.policyEditor("", "New policy", proxyChoices());
    }

    @GET
    @Path("{id}")
    public TemplateInstance edit(@PathParam("id") String id) {
        StoredPolicy stored = policies.get(id);
        return Templates.policyEditor(stored.id, stored.name, proxyChoices());
    }

    private List<Choice> proxyChoices() {
        return proxies.list().stream().map(p -> new Choice(p.id, p.name)).toList();
    }

    private static Row row(StoredPolicy stored) {
        Policy policy = PolicyRepository.definitionOf(stored);
        String limit = policy.rate() == null ? "" : policy.rate() + " per " + policy.per() + " s";
        String quota = policy.quota() == null ? ""
                : policy.quota().max() + " per " + policy.quota().renewalSeconds() + " s";
        return new Row(stored.id, stored.name, limit, quota, List.of(stored.proxies));
    }
}
