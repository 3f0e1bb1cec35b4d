package dev.portcullis.gateway.filter.pinning;

import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.pin.PrimitivePin;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.Upstream;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hash of each primitive's definition as this gateway last saw it in an upstream's list answer, per proxy: what
 * lets a gateway in {@code enforce} refuse calls to a primitive it saw change, and let them pass again once the
 * upstream lists the approved definition (or the change is approved). One per gateway, shared by every event loop;
 * thread-safe and non-blocking. Bounded: at most {@value #MAX_PER_PROXY} primitives per proxy (past that, new ones
 * are not remembered: under {@code enforce} a primitive without a pin is refused anyway), names longer than
 * {@link PrimitivePin#MAX_NAME} are never remembered.
 *
 * <p>What an upstream listed says nothing about another upstream, so observations belong to the upstream (URL and
 * targets) of the snapshot that created them ({@link #retainFor}, after each snapshot swap). Every read and write
 * names the proxy definition of the caller's own snapshot: a request still running on the previous snapshot
 * neither records what the old upstream listed under the new one, nor reads what the new one listed, and a
 * request of the new snapshot that arrives before {@link #retainFor} ran is ignored the same way (it falls back
 * to what the control plane holds).
 */
public final class PinObservations {

    public static final int MAX_PER_PROXY = 10_000;

    private final Map<String, Seen> byProxy = new ConcurrentHashMap<>();

    /** One proxy's observations, for one upstream. */
    private static final class Seen {
        final Upstream upstream;
        final Map<String, String> hashes = new ConcurrentHashMap<>();
        /** The resource templates among {@code hashes}, by {@code uriTemplate}: what {@code resources/read} scans. */
        final Map<String, String> templates = new ConcurrentHashMap<>();
        /** Moves on whenever a template's hash changes, which invalidates {@link #mismatched}. */
        final AtomicLong templateChanges = new AtomicLong();
        volatile Mismatched mismatched;

        Seen(Upstream upstream) {
            this.upstream = upstream;
        }
    }

    /** The templates not matching {@code approved} (one snapshot's map, compared by identity) as of a change count. */
    private record Mismatched(long changes, Map<String, String> approved, List<String> templates) {
    }

    /** Remembers that the upstream of {@code proxy} listed the primitive with definition {@code hash}. */
    public void saw(ProxyDefinition proxy, PinKind kind, String name, String hash) {
        Seen seen = seen(proxy);
        if (seen == null || name.length() > PrimitivePin.MAX_NAME) {
            return;
        }
        String key = PrimitivePin.key(kind, name);
        if (seen.hashes.size() >= MAX_PER_PROXY && !seen.hashes.containsKey(key)) {
            return;
        }
        seen.hashes.put(key, hash);
        if (kind == PinKind.RESOURCE_TEMPLATE && !hash.equals(seen.templates.put(name, hash))) {
            seen.templateChanges.incrementAndGet();
        }
    }

    /**
     * Forgets the proxies {@code snapshot} no longer has and those whose upstream changed, and starts empty
     * observations for the new ones. Called after each snapshot swap, by the snapshot applier only.
     */
    public void retainFor(ConfigSnapshot snapshot) {
        Map<String, Upstream> current = new HashMap<>();
        snapshot.proxies().forEach(proxy -> {
            if (proxy.upstream() != null) {
                current.put(proxy.id(), proxy.upstream());
            }
        });
        byProxy.entrySet().removeIf(entry -> !sameUpstream(entry.getValue().upstream, current.get(entry.getKey())));
        current.forEach((id, upstream) -> byProxy.computeIfAbsent(id, ignored -> new Seen(upstream)));
    }

    /** The hash last seen for the primitive, or null when this gateway never saw it listed. */
    public String lastSeen(ProxyDefinition proxy, PinKind kind, String name) {
        Seen seen = seen(proxy);
        return seen == null ? null : seen.hashes.get(PrimitivePin.key(kind, name));
    }

    /**
     * The {@code uriTemplate}s of the proxy's templates whose last seen hash is not {@code approved}'s. Computed
     * once per snapshot (its {@code approved} map) and change of a template's hash, not per call.
     */
    public List<String> templatesNotMatching(ProxyDefinition proxy, Map<String, String> approved) {
        Seen seen = seen(proxy);
        if (seen == null) {
            return List.of();
        }
        long changes = seen.templateChanges.get();
        Mismatched cached = seen.mismatched;
        if (cached != null && cached.changes() == changes && cached.approved() == approved) {
            return cached.templates();
        }
        String prefix = PinKind.RESOURCE_TEMPLATE.json() + ' ';
        List<String> templates = new ArrayList<>();
        seen.templates.forEach((template, hash) -> {
            if (!hash.equals(approved.get(prefix + template))) {
                templates.add(template);
            }
        });
        List<String> result = List.copyOf(templates);
        seen.mismatched = new Mismatched(changes, approved, result);
        return result;
    }

    /** The observations of the proxy's upstream, or null when they are not (or no longer) for that upstream. */
    private Seen seen(ProxyDefinition proxy) {
        Seen seen = byProxy.get(proxy.id());
        return seen != null && sameUpstream(seen.upstream, proxy.upstream()) ? seen : null;
    }

    private static boolean sameUpstream(Upstream a, Upstream b) {
        return a == b || a != null && b != null && Objects.equals(a.url(), b.url())
                && Objects.equals(a.targets(), b.targets());
    }
}
