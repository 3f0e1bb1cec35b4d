package dev.portcullis.gateway.runtime.limits;

import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.ResourceKeys;
import dev.portcullis.model.policy.EffectiveRights;
import dev.portcullis.model.policy.MethodLimit;
import dev.portcullis.model.policy.PrimitiveLimit;
import dev.portcullis.model.policy.Quota;
import dev.portcullis.model.proxy.RateLimit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer's limits on one proxy, from {@link EffectiveRights} (the most generous of its policies wins). The
 * policy-wide {@code rate} and {@code quota} count across every proxy (a key's budget, as in Tyk); the per-proxy
 * {@code limit}, {@code jsonRpcMethods} and {@code mcpPrimitives} count on this proxy only.
 */
record ConsumerLimits(String proxyId, RateLimit rate, Quota quota, RateLimit limit, Map<String, RateLimit> methods,
                      Map<String, PrimitiveLimit> tools, Map<String, PrimitiveLimit> prompts,
                      ResourceKeys<PrimitiveLimit> resources) {

    static final ConsumerLimits NONE = new ConsumerLimits("", null, null, null, Map.of(), Map.of(), Map.of(),
            new ResourceKeys<>(Map.of()));

    static ConsumerLimits of(EffectiveRights rights) {
        Map<String, RateLimit> methods = new HashMap<>();
        for (MethodLimit method : rights.jsonRpcMethods()) {
            methods.put(method.name(), method.limit());
        }
        Map<String, PrimitiveLimit> tools = new HashMap<>();
        Map<String, PrimitiveLimit> prompts = new HashMap<>();
        Map<String, PrimitiveLimit> resources = new HashMap<>();
        for (PrimitiveLimit primitive : rights.mcpPrimitives()) {
            switch (primitive.type()) {
                case "tool" -> tools.put(primitive.name(), primitive);
                case "prompt" -> prompts.put(primitive.name(), primitive);
                default -> resources.put(primitive.name(), primitive);
            }
        }
        return new ConsumerLimits(ConsumerTag.safe(rights.proxyId()), rights.rate(), rights.quota(), rights.limit(),
                Map.copyOf(methods), Map.copyOf(tools), Map.copyOf(prompts), new ResourceKeys<>(resources));
    }

    /** Adds this consumer's counters for {@code route}; {@code tag} is the consumer's hash tag. */
    void collect(String tag, McpRoute route, long nowMs, List<Counter> out) {
        if (rate != null) {
            out.add(Counter.rate(tag + ":rate", rate.rate(), rate.per(), "your policy rate limit"));
        }
        if (limit != null) {
            out.add(Counter.rate(tag + ":proxy:" + proxyId, limit.rate(), limit.per(),
                    "your rate limit on this MCP server"));
        }
        RateLimit method = route.method() == null ? null : methods.get(route.method());
        if (method != null) {
            out.add(Counter.rate(tag + ":method:" + proxyId + ":" + route.method(), method.rate(), method.per(),
                    "your rate limit on method '" + route.method() + "'"));
        }
        PrimitiveLimit primitive = switch (route.primitiveType()) {
            case TOOL -> tools.get(route.primitiveName());
            case PROMPT -> prompts.get(route.primitiveName());
            case RESOURCE -> resources.find(route.primitiveName());
            case NONE -> null;
        };
        if (primitive != null) {
            String key = tag + ":" + primitive.type() + ":" + proxyId + ":" + primitive.name();
            String what = primitive.type() + " '" + primitive.name() + "'";
            if (primitive.limit() != null) {
                out.add(Counter.rate(key, primitive.limit().rate(), primitive.limit().per(),
                        "your rate limit on " + what));
            }
            if (primitive.quota() != null) {
                out.add(Counter.quota(key + ":quota", primitive.quota().max(), primitive.quota().renewalSeconds(),
                        nowMs, "your quota on " + what));
            }
        }
        if (quota != null) {
            out.add(Counter.quota(tag + ":quota", quota.max(), quota.renewalSeconds(), nowMs, "your policy quota"));
        }
    }
}
