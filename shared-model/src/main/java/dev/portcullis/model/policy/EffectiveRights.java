package dev.portcullis.model.policy;

import dev.portcullis.model.proxy.RateLimit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one key may do on one proxy, merged from every policy of the key that grants the proxy: the union of their
 * access rights, where the most generous limit wins. Pure; the gateway computes it once per key and proxy when it
 * applies a snapshot, and counts the limits.
 *
 * <p>Merge rules ({@link Generosity} defines "more generous"):
 * <ul>
 *   <li>{@code rate} (the policy-wide rate), {@code quota} and the per-proxy {@code limit}: a policy without one
 *       sets no limit of that kind, and no limit is the most generous, so it wins;</li>
 *   <li>{@code jsonRpcMethods} and {@code mcpPrimitives}: entries are merged by method name and by (type, name);
 *       an entry only some policies set is kept, and where several set one, the most generous limit and the most
 *       generous quota each win (Tyk merges per-endpoint limits the same way);</li>
 *   <li>{@code accessRights}: the policies' access rights for the proxy, in key order. A method or primitive is
 *       permitted when <em>any</em> of them permits it (each one on its own: its {@code blocked} wins, a non-empty
 *       {@code allowed} is an allowlist). Lists are not concatenated, because a block in one policy must not take
 *       away what another grants.</li>
 * </ul>
 *
 * @param policies     ids of the policies that grant the proxy, in key order; never empty
 * @param rate         most generous policy-wide rate; null = none
 * @param quota        most generous policy quota; null = none
 * @param limit        most generous per-proxy rate limit; null = none
 * @param accessRights one per policy in {@code policies}
 */
public record EffectiveRights(String proxyId, List<String> policies, RateLimit rate, Quota quota, RateLimit limit,
                              List<AccessRight> accessRights, List<MethodLimit> jsonRpcMethods,
                              List<PrimitiveLimit> mcpPrimitives) {

    public EffectiveRights {
        policies = List.copyOf(policies);
        accessRights = List.copyOf(accessRights);
        jsonRpcMethods = List.copyOf(jsonRpcMethods);
        mcpPrimitives = List.copyOf(mcpPrimitives);
    }

    /**
     * The merged rights of {@code keyPolicies} on {@code proxyId}; empty when none of them grants the proxy (a key
     * that reaches it through its own {@code proxies} list then has no consumer restrictions on it).
     */
    public static Optional<EffectiveRights> of(Collection<Policy> keyPolicies, String proxyId) {
        List<String> ids = new ArrayList<>();
        List<AccessRight> rights = new ArrayList<>();
        RateLimit rate = null;
        Quota quota = null;
        RateLimit limit = null;
        Map<String, RateLimit> methods = new LinkedHashMap<>();
        Map<List<String>, PrimitiveLimit> primitives = new LinkedHashMap<>();
        for (Policy policy : keyPolicies) {
            AccessRight right = policy.accessRights().get(proxyId);
            if (right == null) {
                continue;
            }
            RateLimit policyRate = policy.rate() == null ? null : new RateLimit(policy.rate(), policy.per());
            boolean first = ids.isEmpty();
            rate = first ? policyRate : Generosity.unlimitedWins(rate, policyRate);
            quota = first ? policy.quota() : Generosity.unlimitedWins(quota, policy.quota());
            limit = first ? right.limit() : Generosity.unlimitedWins(limit, right.limit());
            ids.add(policy.id());
            rights.add(right);
            for (MethodLimit method : right.jsonRpcMethods()) {
                methods.merge(method.name(), method.limit(), Generosity::setWins);
            }
            for (PrimitiveLimit primitive : right.mcpPrimitives()) {
                primitives.merge(List.of(primitive.type(), primitive.name()), primitive, (a, b) ->
                        new PrimitiveLimit(a.type(), a.name(), Generosity.setWins(a.limit(), b.limit()),
                                Generosity.setWins(a.quota(), b.quota())));
            }
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        List<MethodLimit> methodLimits = methods.entrySet().stream()
                .map(e -> new MethodLimit(e.getKey(), e.getValue())).toList();
        return Optional.of(new EffectiveRights(proxyId, ids, rate, quota, limit, rights, methodLimits,
                List.copyOf(primitives.values())));
    }
}
