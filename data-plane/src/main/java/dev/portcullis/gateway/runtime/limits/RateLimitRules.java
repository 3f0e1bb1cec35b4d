package dev.portcullis.gateway.runtime.limits;

import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.model.policy.EffectiveRights;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every rate limit and quota of one snapshot, compiled when it is applied: the shared limits of each served proxy
 * and the policies by id. A consumer's merged limits on a proxy ({@link EffectiveRights}) are computed on first use
 * and cached for the snapshot's lifetime, keyed by proxy and policy list (bounded: past {@value #MAX_CACHED}
 * combinations they are computed per request). Immutable apart from that cache; thread-safe.
 */
public final class RateLimitRules {

    public static final RateLimitRules NONE = new RateLimitRules(Map.of(), Map.of());

    private static final int MAX_CACHED = 10_000;

    private final Map<String, SharedLimits> shared;
    private final Map<String, Policy> policies;
    private final Map<List<String>, ConsumerLimits> consumers = new ConcurrentHashMap<>();

    private RateLimitRules(Map<String, SharedLimits> shared, Map<String, Policy> policies) {
        this.shared = shared;
        this.policies = policies;
    }

    public static RateLimitRules compile(List<ProxyDefinition> served, List<Policy> policies) {
        Map<String, SharedLimits> shared = new HashMap<>();
        for (ProxyDefinition definition : served) {
            shared.put(definition.id(), SharedLimits.of(definition));
        }
        Map<String, Policy> byId = new HashMap<>();
        for (Policy policy : policies) {
            byId.put(policy.id(), policy);
        }
        return new RateLimitRules(Map.copyOf(shared), Map.copyOf(byId));
    }

    /**
     * The counters one request is checked against, shared ones first, in the order docs/ratelimits.md gives.
     *
     * @param consumer null for an anonymous caller (authentication disabled): shared limits only
     */
    public List<Counter> counters(String proxyId, McpRoute route, ConsumerIdentity consumer, long nowMs) {
        List<Counter> out = new ArrayList<>(4);
        SharedLimits proxy = shared.get(proxyId);
        if (proxy != null) {
            proxy.collect(route, out);
        }
        if (consumer != null && !consumer.policies().isEmpty()) {
            consumerLimits(proxyId, consumer.policies()).collect(ConsumerTag.of(consumer), route, nowMs, out);
        }
        return out;
    }

    private ConsumerLimits consumerLimits(String proxyId, List<String> policyIds) {
        List<String> cacheKey = new ArrayList<>(policyIds.size() + 1);
        cacheKey.add(proxyId);
        cacheKey.addAll(policyIds);
        ConsumerLimits cached = consumers.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        List<Policy> keyPolicies = new ArrayList<>(policyIds.size());
        for (String id : policyIds) {
            Policy policy = policies.get(id);
            if (policy != null) {
                keyPolicies.add(policy);
            }
        }
        ConsumerLimits limits = EffectiveRights.of(keyPolicies, proxyId).map(ConsumerLimits::of)
                .orElse(ConsumerLimits.NONE);
        if (consumers.size() < MAX_CACHED) {
            consumers.put(List.copyOf(cacheKey), limits);
        }
        return limits;
    }
}
