package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.runtime.limits.RateLimitRules;
import dev.portcullis.gateway.runtime.access.AccessRules;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.gateway.runtime.pinning.PinRules;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
        return build(snapshot, gatewayTags, secrets, InstalledPlugins.NONE);
    }

    /** Same, creating the proxies' operator plugins from {@code plugins} (a plugin it lacks refuses the snapshot). */
    public static GatewayRuntime build(ConfigSnapshot snapshot, Set<String> gatewayTags, SecretResolver secrets,
                                       InstalledPlugins plugins) {
        List<CompiledProxy> proxies = new ArrayList<>();
        List<ProxyDefinition> served = new ArrayList<>();
        for (ProxyDefinition definition : snapshot.proxies()) {
            if (Boolean.TRUE.equals(definition.active()) && definition.servedBy(gatewayTags)) {
                try {
                    proxies.add(CompiledProxy.compile(definition, secrets, snapshot.policies(), plugins));
                    served.add(definition);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("proxy " + definition.id() + ": " + e.getMessage(), e);
                }
            }
        }
        attachMembers(proxies, snapshot);
        SessionKeyRing sessionKeys = SessionKeyRing.of(snapshot.sessionKeys(), secrets);
        for (CompiledProxy proxy : proxies) {
            if (proxy.pool().pinsSessions() && !sessionKeys.canSeal()) {
                // The target of a session travels sealed in its id: without keys affinity could not be kept.
                throw new IllegalArgumentException("proxy " + proxy.id()
                        + ": upstream.targets with sessionAffinity need the snapshot's session keys");
            }
        }
        return new GatewayRuntime(snapshot.version(), snapshot, new ListenPathTable(proxies),
                new KeyIndex(snapshot.keys()), AccessRules.compile(served, snapshot.policies()),
                RateLimitRules.compile(served, snapshot.policies()), sessionKeys, PinRules.compile(snapshot.pins()));
    }

    /** Gives each virtual server its members (compiled above) and the token claims their templates name. */
    private static void attachMembers(List<CompiledProxy> proxies, ConfigSnapshot snapshot) {
        Map<String, CompiledProxy> byId = new HashMap<>();
        proxies.forEach(proxy -> byId.put(proxy.id(), proxy));
        for (int i = 0; i < proxies.size(); i++) {
            CompiledProxy proxy = proxies.get(i);
            if (proxy.definition().isVirtual()) {
                VirtualServer virtual = VirtualServer.of(proxy.definition(), byId);
                Set<String> claims = new HashSet<>();
                virtual.members().forEach(member -> claims.addAll(member.proxy().templateClaims()));
                proxies.set(i, proxy.withVirtual(virtual, claims));
            }
        }
    }
}
