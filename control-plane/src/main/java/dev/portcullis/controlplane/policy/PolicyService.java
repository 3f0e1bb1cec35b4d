package dev.portcullis.controlplane.policy;

import dev.portcullis.controlplane.common.DefinitionService;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;

/**
 * Rules for policies, on top of the lifecycle every definition shares ({@link DefinitionService}): Tyk spellings
 * accepted ({@link Policy#parse}), access rights only for existing proxies, and no deletion while keys that are not
 * revoked use the policy. Every gateway gets a change, for every key bound to the policy, in one snapshot.
 */
@ApplicationScoped
public class PolicyService extends DefinitionService<Policy, StoredPolicy> {

    /** How many bound keys a refused delete names; the problem also carries the total. */
    static final int MAX_BOUND_KEYS_SHOWN = 20;

    private final Kind<Policy, StoredPolicy> kind;
    private final PolicyRepository policies;
    private final ProxyRepository proxies;

    PolicyService(PolicyRepository policies, ProxyRepository proxies) {
        this.kind = new Kind<>("policy", "policy", "policies", Policy.class, Policy::parse, Policy::id,
                StoredPolicy::new, policies);
        this.policies = policies;
        this.proxies = proxies;
    }

    @Override
    protected Kind<Policy, StoredPolicy> kind() {
        return kind;
    }

    @Override
    protected void checkLocked(Policy policy) {
        rejectUnknownProxies(policy);
    }

    @Override
    protected void checkRestored(Policy policy) {
        rejectUnknownProxies(policy);
    }

    /**
     * Keys that are not revoked (active or expired, which can still be edited) block the deletion with a 409 naming
     * them; revoked keys cannot be edited any more, so the policy is simply removed from them.
     */
    @Override
    protected void checkDeletable(StoredPolicy stored) {
        requireUnbound(stored.id);
    }

    @Override
    protected void copyColumns(Policy policy, StoredPolicy stored) {
        stored.name = policy.name();
        stored.proxies = policy.accessRights().keySet().toArray(String[]::new);
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
}
