package dev.portcullis.controlplane.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portcullis.controlplane.audit.AuditLog;
import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.policy.PolicyRepository;
import dev.portcullis.controlplane.policy.PolicyService;
import dev.portcullis.controlplane.policy.StoredPolicy;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.controlplane.proxy.StoredProxy;
import dev.portcullis.controlplane.secret.SecretRepository;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.secret.SecretReferences;
import dev.portcullis.model.validation.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Rolls the proxies and policies back to those of an earlier version, as one new configuration version. Keys and
 * secrets are not rolled back: a rollback never revives a revoked key or a deleted secret, so a proxy that needs a
 * secret deleted since is refused (409), and so is removing a policy that keys which are not revoked still use.
 * Removing a proxy takes it out of keys and policies, as deleting it does. The version row is locked before
 * anything is compared, so the If-Match check, the comparison and the change see one state.
 */
@ApplicationScoped
public class ConfigRollback {

    private final VersionHistory history;
    private final ConfigHistory historyWriter;
    private final ConfigVersions versions;
    private final ProxyRepository proxies;
    private final PolicyRepository policies;
    private final ProxyService proxyService;
    private final PolicyService policyService;
    private final SecretRepository secrets;
    private final AuditLog audit;

    ConfigRollback(VersionHistory history, ConfigHistory historyWriter, ConfigVersions versions,
                   ProxyRepository proxies, PolicyRepository policies, ProxyService proxyService,
                   PolicyService policyService, SecretRepository secrets, AuditLog audit) {
        this.history = history;
        this.historyWriter = historyWriter;
        this.versions = versions;
        this.proxies = proxies;
        this.policies = policies;
        this.proxyService = proxyService;
        this.policyService = policyService;
        this.secrets = secrets;
        this.audit = audit;
    }

    /** @param ifMatch must carry the current configuration version ({@code "<n>"}): 428 without, 412 when stale */
    @Transactional
    public RollbackResult rollback(long target, IfMatch ifMatch) {
        ifMatch.required();
        HistoryEntry entry = history.find(target);
        long current = versions.lockForChange();
        ifMatch.check(current);
        List<ProxyDefinition> wantedProxies = parse(entry.proxies, "proxy", target,
                node -> proxyService.requireAllowedUpstream(ProxyDefinition.parse(Json.write(node))));
        List<Policy> wantedPolicies = parse(entry.policies, "policy", target, node -> Policy.parse(Json.write(node)));
        Map<String, StoredProxy> currentProxies = byId(proxies.allById(), p -> p.id);
        Map<String, StoredPolicy> currentPolicies = byId(policies.allById(), p -> p.id);

        List<EntityChange> changes = new ArrayList<>(ConfigDiff.entities(EntityChange.PROXY,
                stored(currentProxies.values().stream().map(p -> p.definition).toList()), trees(wantedProxies)));
        changes.addAll(ConfigDiff.entities(EntityChange.POLICY,
                stored(currentPolicies.values().stream().map(p -> p.definition).toList()), trees(wantedPolicies)));
        if (changes.isEmpty()) {
            return RollbackResult.unchanged(current);
        }
        requireSecrets(wantedProxies, target);
        List<EntityChange> removed = changes.stream().filter(c -> c.change().equals(EntityChange.REMOVED)).toList();
        removed.stream().filter(c -> c.type().equals(EntityChange.POLICY))
                .forEach(c -> policyService.requireUnbound(c.id()));

        long version = versions.bump();
        for (EntityChange change : removed) {
            if (change.type().equals(EntityChange.POLICY)) {
                policyService.remove(currentPolicies.get(change.id()));
            }
        }
        for (EntityChange change : removed) {
            if (change.type().equals(EntityChange.PROXY)) {
                proxyService.remove(currentProxies.get(change.id()));
            }
        }
        // Removing a proxy rewrites the policies that granted it (by trigger): read them afresh.
        proxies.getEntityManager().clear();
        wantedProxies.forEach(proxyService::restore);
        proxies.flush();
        wantedPolicies.forEach(policyService::restore);
        policies.flush();

        Map<String, Object> after = summary(version, ids(wantedProxies, ProxyDefinition::id),
                ids(wantedPolicies, Policy::id));
        after.put("rolledBackTo", target);
        after.put("changes", changes.stream().map(ConfigRollback::describe).toList());
        audit.record("rollback", "config", Long.toString(version),
                summary(current, currentProxies.keySet(), currentPolicies.keySet()), after);
        historyWriter.record("rollback to version " + target);
        return RollbackResult.of(history.view(version));
    }

    /** What the audit entry shows of a configuration: its version and the ids it holds. */
    private static Map<String, Object> summary(long version, Set<String> proxyIds, Set<String> policyIds) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("version", version);
        summary.put("proxies", List.copyOf(new TreeSet<>(proxyIds)));
        summary.put("policies", List.copyOf(new TreeSet<>(policyIds)));
        return summary;
    }

    /** 409 naming each secret a proxy of the target version references that no longer exists. */
    private void requireSecrets(List<ProxyDefinition> wanted, long target) {
        Map<String, Set<String>> namesByProxy = new LinkedHashMap<>();
        Set<String> all = new TreeSet<>();
        for (ProxyDefinition proxy : wanted) {
            Set<String> names = SecretReferences.namesIn(proxy);
            namesByProxy.put(proxy.id(), names);
            all.addAll(names);
        }
        Set<String> existing = new TreeSet<>();
        secrets.named(all).forEach(secret -> existing.add(secret.name));
        List<Map<String, String>> missing = new ArrayList<>();
        namesByProxy.forEach((proxy, names) -> names.stream().filter(name -> !existing.contains(name))
                .forEach(name -> missing.add(Map.of("secret", name, "proxy", proxy))));
        if (!missing.isEmpty()) {
            Map<String, String> first = missing.get(0);
            throw new ProblemException(ProblemException.conflict("proxy '" + first.get("proxy") + "' of version "
                            + target + " references secret '" + first.get("secret") + "', which was deleted since;"
                            + " create the secret again, then roll back").problem()
                    .with("missingSecrets", missing));
        }
    }

    private static <T> List<T> parse(String json, String type, long target, Function<JsonNode, T> parser) {
        List<T> parsed = new ArrayList<>();
        for (JsonNode node : VersionHistory.tree(json)) {
            try {
                parsed.add(parser.apply(node));
            } catch (ValidationException e) {
                throw new ProblemException(ProblemException.conflict(type + " '" + node.path("id").asText()
                        + "' of version " + target + " is not valid any more").problem().withErrors(e.errors()));
            }
        }
        return parsed;
    }

    private static ArrayNode stored(List<String> definitions) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        definitions.forEach(definition -> array.add(VersionHistory.tree(definition)));
        return array;
    }

    private static ArrayNode trees(List<?> definitions) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        definitions.forEach(definition -> array.add(Json.mapper().valueToTree(definition)));
        return array;
    }

    private static <T> Map<String, T> byId(List<T> entities, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        entities.forEach(entity -> byId.put(id.apply(entity), entity));
        return byId;
    }

    private static <T> Set<String> ids(List<T> entities, Function<T, String> id) {
        Set<String> ids = new TreeSet<>();
        entities.forEach(entity -> ids.add(id.apply(entity)));
        return ids;
    }

    /** {@code create proxy crm}, {@code update policy gold}, {@code delete proxy old}: the history wording. */
    static String describe(EntityChange change) {
        String verb = switch (change.change()) {
            case EntityChange.ADDED -> "create";
            case EntityChange.REMOVED -> "delete";
            default -> "update";
        };
        return verb + " " + change.type() + " " + change.id();
    }
}
