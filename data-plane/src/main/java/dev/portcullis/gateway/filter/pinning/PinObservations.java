package dev.portcullis.gateway.filter.pinning;

import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.pin.PrimitivePin;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hash of each primitive's definition as this gateway last saw it in an upstream's list answer, per proxy: what
 * lets a gateway in {@code enforce} refuse calls to a primitive it saw change, and let them pass again once the
 * upstream lists the approved definition (or the change is approved). One per gateway, shared by every event loop;
 * thread-safe and non-blocking. Bounded: at most {@value #MAX_PER_PROXY} primitives per proxy (past that, new ones
 * are not remembered: under {@code enforce} a primitive without a pin is refused anyway), names longer than
 * {@link PrimitivePin#MAX_NAME} are never remembered.
 */
public final class PinObservations {

    public static final int MAX_PER_PROXY = 10_000;

    private final Map<String, Map<String, String>> byProxy = new ConcurrentHashMap<>();
    /** The upstream URL each proxy had when its observations began; touched by the snapshot applier only. */
    private final Map<String, String> upstreams = new ConcurrentHashMap<>();

    /** Remembers that the upstream of {@code proxyId} listed the primitive with definition {@code hash}. */
    public void saw(String proxyId, PinKind kind, String name, String hash) {
        if (name.length() > PrimitivePin.MAX_NAME) {
            return;
        }
        Map<String, String> seen = byProxy.computeIfAbsent(proxyId, id -> new ConcurrentHashMap<>());
        String key = PrimitivePin.key(kind, name);
        if (seen.size() < MAX_PER_PROXY || seen.containsKey(key)) {
            seen.put(key, hash);
        }
    }

    /**
     * Forgets the proxies {@code snapshot} no longer has, and those whose upstream changed (what the old one listed
     * says nothing about the new one). Called after each snapshot swap.
     */
    public void retainFor(ConfigSnapshot snapshot) {
        Map<String, String> current = new HashMap<>();
        snapshot.proxies().forEach(proxy -> current.put(proxy.id(), proxy.upstream() == null ? ""
                : proxy.upstream().url() + ' ' + proxy.upstream().targets()));
        byProxy.keySet().removeIf(id -> !current.containsKey(id));
        upstreams.entrySet().removeIf(entry -> !entry.getValue().equals(current.get(entry.getKey())));
        byProxy.keySet().removeIf(id -> !upstreams.containsKey(id));
        current.forEach(upstreams::putIfAbsent);
    }

    /** The hash last seen for the primitive, or null when this gateway never saw it listed. */
    public String lastSeen(String proxyId, PinKind kind, String name) {
        Map<String, String> seen = byProxy.get(proxyId);
        return seen == null ? null : seen.get(PrimitivePin.key(kind, name));
    }

    /** The {@code uriTemplate}s of the proxy's templates whose last seen hash is not {@code approved}'s. */
    public List<String> templatesNotMatching(String proxyId, Map<String, String> approved) {
        Map<String, String> seen = byProxy.get(proxyId);
        if (seen == null) {
            return List.of();
        }
        String prefix = PinKind.RESOURCE_TEMPLATE.json() + ' ';
        List<String> templates = new ArrayList<>();
        seen.forEach((key, hash) -> {
            if (key.startsWith(prefix) && !hash.equals(approved.get(key))) {
                templates.add(key.substring(prefix.length()));
            }
        });
        return templates;
    }
}
