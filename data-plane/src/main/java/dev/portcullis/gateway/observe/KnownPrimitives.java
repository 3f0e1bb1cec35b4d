package dev.portcullis.gateway.observe;

import dev.portcullis.gateway.request.DeclaredParams;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each proxy's upstream announced: the primitive names of its list answers ({@code tools/list}, {@code prompts/list},
 * {@code resources/list}), so metrics can label a call with its primitive's name without letting agents invent
 * label values: a name no list announced (and no proxy definition names) is labelled {@code other}; and the
 * arguments each tool asks clients to mirror into {@code Mcp-Param-*} headers ({@link DeclaredParams}), so the
 * gateway can check those headers on calls to it.
 *
 * <p>One per gateway, shared by every event loop, kept across snapshots except for what a snapshot makes stale:
 * {@link #retainFor} (called by the snapshot applier after each swap) forgets the names of proxies the snapshot no
 * longer has and of proxies whose upstream changed. Bounded: at most {@value #MAX_PER_PROXY} names per proxy (the
 * first ones learned stay), names longer than {@value #MAX_NAME_LENGTH} characters are not learned. Thread-safe
 * and non-blocking.
 */
public final class KnownPrimitives {

    public static final int MAX_PER_PROXY = 1_000;
    public static final int MAX_NAME_LENGTH = 256;
    /** At most this many protocol versions are remembered per proxy, each at most 32 characters. */
    public static final int MAX_VERSIONS = 16;

    private final Map<String, ProxyNames> byProxy = new ConcurrentHashMap<>();
    private final Map<String, List<String>> versionsByProxy = new ConcurrentHashMap<>();
    private final Map<String, Map<String, DeclaredParams>> paramsByProxy = new ConcurrentHashMap<>();
    private final Map<String, String> upstreams = new HashMap<>();

    /** Remembers that the upstream of {@code proxyId} announced {@code name}; ignored once the proxy is full. */
    public void learn(String proxyId, PrimitiveType type, String name) {
        if (type == PrimitiveType.NONE || name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return;
        }
        byProxy.computeIfAbsent(proxyId, id -> new ProxyNames()).add(type, name);
    }

    /**
     * Remembers the {@code Mcp-Param-*} headers the latest {@code tools/list} answer of {@code proxyId} declared for
     * {@code tool} (replacing what an earlier answer declared; an empty declaration forgets it). At most
     * {@value #MAX_PER_PROXY} tools per proxy: past that, new tools are not learned (their headers pass unchecked).
     */
    public void learnParams(String proxyId, String tool, DeclaredParams declared) {
        if (tool == null || tool.length() > MAX_NAME_LENGTH) {
            return;
        }
        Map<String, DeclaredParams> tools = paramsByProxy.computeIfAbsent(proxyId, id -> new ConcurrentHashMap<>());
        if (declared.isEmpty()) {
            tools.remove(tool);
        } else if (tools.size() < MAX_PER_PROXY || tools.containsKey(tool)) {
            tools.put(tool, declared);
        }
    }

    /** What the upstream of {@code proxyId} declared for {@code tool}; null when nothing is known. */
    public DeclaredParams params(String proxyId, String tool) {
        Map<String, DeclaredParams> tools = paramsByProxy.get(proxyId);
        return tools == null ? null : tools.get(tool);
    }

    /**
     * Remembers the protocol versions the upstream of {@code proxyId} announced in its latest {@code server/discover}
     * answer ({@code supportedVersions}), so the gateway's own unsupported-version error lists only versions that
     * the gateway and the upstream both speak. Strings only, bounded; a later answer replaces an earlier one.
     */
    public void learnVersions(String proxyId, List<String> announced) {
        List<String> kept = announced.stream().filter(version -> version.length() <= 32).limit(MAX_VERSIONS).toList();
        if (!kept.isEmpty()) {
            versionsByProxy.put(proxyId, kept);
        }
    }

    /** The protocol versions the upstream of {@code proxyId} last announced; empty when none is known. */
    public List<String> versions(String proxyId) {
        return versionsByProxy.getOrDefault(proxyId, List.of());
    }

    /** Whether the upstream of {@code proxyId} announced a primitive of {@code type} named {@code name}. */
    public boolean knows(String proxyId, PrimitiveType type, String name) {
        ProxyNames names = byProxy.get(proxyId);
        return names != null && names.contains(type, name);
    }

    /** {@link #retain} with the proxies of an applied snapshot and their upstreams (URL and targets). */
    public void retainFor(ConfigSnapshot snapshot) {
        Map<String, String> upstreamByProxy = new HashMap<>();
        for (ProxyDefinition proxy : snapshot.proxies()) {
            upstreamByProxy.put(proxy.id(), proxy.upstream() == null ? ""
                    : proxy.upstream().url() + " " + Objects.requireNonNullElse(proxy.upstream().targets(), ""));
        }
        retain(upstreamByProxy);
    }

    /**
     * Forgets the names of every proxy not in {@code upstreamByProxy} and of every proxy whose upstream differs from
     * the one the previous call gave; what changed upstream announces its names again on the next list answer.
     * Called after each snapshot swap, never on the event loop.
     */
    public synchronized void retain(Map<String, String> upstreamByProxy) {
        byProxy.keySet().removeIf(id -> !upstreamByProxy.containsKey(id));
        versionsByProxy.keySet().removeIf(id -> !upstreamByProxy.containsKey(id));
        paramsByProxy.keySet().removeIf(id -> !upstreamByProxy.containsKey(id));
        upstreams.keySet().retainAll(upstreamByProxy.keySet());
        upstreamByProxy.forEach((id, upstream) -> {
            String before = upstreams.put(id, upstream);
            if (before != null && !before.equals(upstream)) {
                byProxy.remove(id);
                versionsByProxy.remove(id);
                paramsByProxy.remove(id);
            }
        });
    }

    /** How many names are known for {@code proxyId}. */
    public int size(String proxyId) {
        ProxyNames names = byProxy.get(proxyId);
        return names == null ? 0 : names.count.get();
    }

    private static final class ProxyNames {
        private final Map<PrimitiveType, Set<String>> names = new ConcurrentHashMap<>();
        private final AtomicInteger count = new AtomicInteger();

        void add(PrimitiveType type, String name) {
            Set<String> ofType = names.computeIfAbsent(type, t -> ConcurrentHashMap.newKeySet());
            if (ofType.contains(name)) {
                return;
            }
            if (count.incrementAndGet() > MAX_PER_PROXY) {
                count.decrementAndGet();
                return;
            }
            if (!ofType.add(name)) {
                count.decrementAndGet();
            }
        }

        boolean contains(PrimitiveType type, String name) {
            Set<String> ofType = names.get(type);
            return ofType != null && ofType.contains(name);
        }
    }
}
