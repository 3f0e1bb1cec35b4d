package dev.portcullis.controlplane.policy;

import dev.portcullis.controlplane.audit.AuditLog;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.IfMatch;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.common.Slugs;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rules for policies: validation by shared-model ({@link Policy#parse}, Tyk spellings accepted), ids derived from
 * names, access rights only for existing proxies, optimistic locking, and no deletion while keys use the policy.
 * Every change bumps the configuration version in its own transaction, so every gateway gets the change, for every
 * key bound to the policy, in the snapshot that commit announces.
 */
@ApplicationScoped
public class PolicyService {

    /** Records every change in the transaction that makes it. */
    @Inject
    AuditLog audit;

    /** Records the configuration version every change makes. */
    @Inject
    ConfigHistory history;

    /** How many bound keys a refused delete names; the problem also carries the total. */
    static final int MAX_BOUND_KEYS_SHOWN = 20;

    private final PolicyRepository policies;
    private final ProxyRepository proxies;
    private final ConfigVersions versions;

    PolicyService(PolicyRepository policies, ProxyRepository proxies, ConfigVersions versions) {
        this.policies = policies;
        this.proxies = proxies;
        this.versions = versions;
    }

    @Transactional
    public List<StoredPolicy> list() {
        return policies.allById();
    }

    @Transactional
    public StoredPolicy get(String id) {
        return policies.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("policy", id));
    }

    @Transactional
    public StoredPolicy create(String body) {
        Policy parsed = Policy.parse(Json.write(JsonBodies.object(body)));
        versions.bump();
        String id = parsed.id() != null ? parsed.id()
                : Slugs.unique(parsed.name(), "policy", candidate -> policies.findById(candidate) != null);
        Policy policy = new Policy(id, parsed.name(), parsed.rate(), parsed.per(), parsed.quota(),
                parsed.accessRights());
        if (policies.findById(id) != null) {
            throw ProblemException.conflict("policy '" + id + "' already exists");
        }
        rejectUnknownProxies(policy);
        StoredPolicy stored = new StoredPolicy();
        stored.id = id;
        stored.createdAt = Instant.now();
        copy(policy, stored);
        policies.persistAndFlush(stored);
        audit.record("create", "policy", id, null, stored.definition);
        history.record("create policy " + id);
        return stored;
    }

    @Transactional
    public StoredPolicy update(String id, String body, IfMatch ifMatch) {
        ifMatch.required();
        ObjectNode tree = JsonBodies.object(body);
        JsonNode bodyId = tree.get("id");
        if (bodyId == null || bodyId.isNull()) {
            tree.put("id", id);
        } else if (!bodyId.isTextual() || !bodyId.asText().equals(id)) {
            throw ProblemException.invalid("id", "must match the id in the URL ('" + id + "')");
        }
        Policy policy = Policy.parse(Json.write(tree));
        versions.bump();
        StoredPolicy stored = get(id);
        ifMatch.check(stored.version);
        rejectUnknownProxies(policy);
        String before = stored.definition;
        copy(policy, stored);
        policies.flush();
        audit.record("update", "policy", id, before, stored.definition);
        history.record("update policy " + id);
        return stored;
    }

    /**
     * Deletes a policy no usable key references. Keys that are not revoked (active or expired, which can still be
     * edited) block the deletion with a 409 naming them; revoked keys cannot be edited any more, so the policy is
     * simply removed from them.
     */
    @Transactional
    public void delete(String id, IfMatch ifMatch) {
        versions.bump();
        StoredPolicy stored = get(id);
        ifMatch.check(stored.version);
        requireUnbound(id);
        audit.record("delete", "policy", id, stored.definition, null);
        remove(stored);
        history.record("delete policy " + id);
    }

    /** Throws 409 naming the keys (up to {@value #MAX_BOUND_KEYS_SHOWN}) when keys that are not revoked use it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireUnbound(String id) {
        List<Map<String, String>> bound = boundKeys(id);
        if (!bound.isEmpty()) {
            long count = ((Number) policies.getEntityManager().createNativeQuery("select count(*) from api_key"
                    + " where state <> 'revoked' and ?1 = any(policies)").setParameter(1, id).getSingleResult())
                    .longValue();
            throw new ProblemException(ProblemException.conflict("policy '" + id + "' is used by " + count
                            + (count == 1 ? " key" : " keys") + "; remove it from them first").problem()
                    .with("boundKeys", bound)
                    .with("boundKeyCount", count));
        }
    }

    /**
     * Deletes a policy, taking it out of the (revoked) keys that still list it. For callers that hold the version
     * lock, checked {@link #requireUnbound} and audit the change themselves: {@link #delete} and a rollback.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(StoredPolicy stored) {
        policies.getEntityManager().createNativeQuery("update api_key set policies = array_remove(policies, ?1),"
                + " version = version + 1 where ?1 = any(policies)").setParameter(1, stored.id).executeUpdate();
        policies.delete(stored);
        policies.flush();
    }

    /**
     * Makes the stored policy exactly {@code policy}, creating it when absent; true when anything changed. Its
     * access rights must name existing proxies (400 otherwise). For a rollback, which holds the version lock and
     * audits the whole set itself.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean restore(Policy policy) {
        rejectUnknownProxies(policy);
        StoredPolicy stored = policies.findById(policy.id());
        if (stored == null) {
            stored = new StoredPolicy();
            stored.id = policy.id();
            stored.createdAt = Instant.now();
            copy(policy, stored);
            policies.persist(stored);
            return true;
        }
        if (Json.mapper().valueToTree(policy).equals(Json.mapper().valueToTree(
                PolicyRepository.definitionOf(stored)))) {
            return false;
        }
        copy(policy, stored);
        return true;
    }

    /** Up to {@value #MAX_BOUND_KEYS_SHOWN} keys (id, alias), oldest first, that are not revoked and use the policy. */
    @SuppressWarnings("unchecked")
    private List<Map<String, String>> boundKeys(String policyId) {
        List<Object[]> rows = policies.getEntityManager().createNativeQuery("select id, alias from api_key"
                        + " where state <> 'revoked' and ?1 = any(policies) order by created_at, id")
                .setParameter(1, policyId).setMaxResults(MAX_BOUND_KEYS_SHOWN).getResultList();
        return rows.stream().map(row -> Map.of("id", (String) row[0], "alias", (String) row[1])).toList();
    }

    private void rejectUnknownProxies(Policy policy) {
        List<FieldError> errors = proxies.missing(policy.accessRights().keySet()).stream()
                .map(missing -> new FieldError("accessRights." + missing, "unknown proxy '" + missing + "'"))
                .toList();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void copy(Policy policy, StoredPolicy stored) {
        stored.name = policy.name();
        stored.proxies = policy.accessRights().keySet().toArray(String[]::new);
        stored.definition = new String(Json.write(policy), StandardCharsets.UTF_8);
        stored.updatedAt = Instant.now();
    }
}
