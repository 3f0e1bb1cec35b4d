package dev.portcullis.gateway.runtime.access;

import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every access rule of one snapshot, compiled when it is applied (off the event loop) and shared read-only by
 * all event loops: each served proxy's allow/block rules and each policy's ACL patterns per proxy.
 */
public final class AccessRules {

    public static final AccessRules NONE = new AccessRules(Map.of(), Map.of());

    private final Map<String, ProxyRules> proxies;
    private final Map<String, Map<String, PolicyGrant>> policies;

    private AccessRules(Map<String, ProxyRules> proxies, Map<String, Map<String, PolicyGrant>> policies) {
        this.proxies = proxies;
        this.policies = policies;
    }

    /** @throws IllegalArgumentException naming the policy and proxy when a pattern does not compile */
    public static AccessRules compile(List<ProxyDefinition> served, List<Policy> policies) {
        Map<String, ProxyRules> proxyRules = new HashMap<>();
        for (ProxyDefinition definition : served) {
            proxyRules.put(definition.id(), ProxyRules.compile(definition));
        }
        Map<String, Map<String, PolicyGrant>> grants = new HashMap<>();
        for (Policy policy : policies) {
            Map<String, PolicyGrant> byProxy = new HashMap<>();
            policy.accessRights().forEach((proxyId, right) -> {
                try {
                    byProxy.put(proxyId, PolicyGrant.compile(right));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("policy " + policy.id() + " accessRights." + proxyId
                            + ": pattern does not compile", e);
                }
            });
            grants.put(policy.id(), Map.copyOf(byProxy));
        }
        return new AccessRules(Map.copyOf(proxyRules), Map.copyOf(grants));
    }

    /**
     * A key reaches a proxy when the proxy is in its {@code proxies} or one of its policies has an
     * {@code accessRights} entry for it.
     */
    public boolean reaches(KeyEntry key, String proxyId) {
        if (key.proxies().contains(proxyId)) {
            return true;
        }
        for (String policyId : key.policies()) {
            Map<String, PolicyGrant> grants = policies.get(policyId);
            if (grants != null && grants.containsKey(proxyId)) {
                return true;
            }
        }
        return false;
    }

    /** The rules for a caller with these policies on this proxy; an empty list for anonymous callers. */
    public CallerAccess caller(String proxyId, List<String> policyIds) {
        ProxyRules rules = proxies.getOrDefault(proxyId, ProxyRules.NONE);
        if (policyIds.isEmpty()) {
            return new CallerAccess(rules, List.of());
        }
        List<PolicyGrant> grants = new ArrayList<>(policyIds.size());
        for (String policyId : policyIds) {
            Map<String, PolicyGrant> byProxy = policies.get(policyId);
            PolicyGrant grant = byProxy == null ? null : byProxy.get(proxyId);
            if (grant != null) {
                grants.add(grant);
            }
        }
        return new CallerAccess(rules, grants);
    }
}
