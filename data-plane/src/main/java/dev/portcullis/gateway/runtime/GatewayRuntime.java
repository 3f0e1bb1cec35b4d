package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.runtime.limits.RateLimitRules;
import dev.portcullis.gateway.runtime.access.AccessRules;
import dev.portcullis.gateway.runtime.pinning.PinRules;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the request path needs from one applied snapshot, compiled ahead of time. Published with a single
 * atomic reference swap; a request holds on to the runtime it started with.
 */
public record GatewayRuntime(long version, ConfigSnapshot snapshot, ListenPathTable listenPaths, KeyIndex keys,
                             AccessRules access, RateLimitRules limits, SessionKeyRing sessionKeys,
                             PinRules pins) {

    public GatewayRuntime {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(listenPaths, "listenPaths");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(sessionKeys, "sessionKeys");
        Objects.requireNonNull(pins, "pins");
    }

    /**
     * Compiles a verified snapshot: active proxies this gateway serves (by its tags), their routes and the key
     * index. Throws {@link IllegalArgumentException} when the snapshot cannot be served (two proxies on one listen
     * path, an unusable upstream URL). Runs off the event loop.
     *
     * <p>Also compiles the access rules (proxy allow/block entries, policy ACL patterns) and the rate limits and
     * quotas once for the snapshot, and opens the session keys (a key that cannot be opened refuses the snapshot).
     */
    public static GatewayRuntime build(ConfigSnapshot snapshot, Set<String> gatewayTags, SecretResolver secrets) {
        List<CompiledProxy> proxies = new ArrayList<>();
        List<ProxyDefinition> served = new ArrayList<>();
        for (ProxyDefinition definition : snapshot.proxies()) {
            if (Boolean.TRUE.equals(definition.active()) && definition.servedBy(gatewayTags)) {
                try {
                    proxies.add(CompiledProxy.compile(definition, secrets, snapshot.policies()));
                    served.add(definition);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("proxy " + definition.id() + ": " + e.getMessage(), e);
                }
            }
        }
        return new GatewayRuntime(snapshot.version(), snapshot, new ListenPathTable(proxies),
                new KeyIndex(snapshot.keys()), AccessRules.compile(served, snapshot.policies()),
                RateLimitRules.compile(served, snapshot.policies()),
                SessionKeyRing.of(snapshot.sessionKeys(), secrets), PinRules.compile(snapshot.pins()));
    }
}
