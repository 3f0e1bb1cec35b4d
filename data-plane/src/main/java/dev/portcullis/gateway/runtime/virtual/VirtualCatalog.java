package dev.portcullis.gateway.runtime.virtual;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The routing table of one virtual server on one gateway, for one snapshot: virtual tool and prompt names, resource
 * URIs and URI templates, each to the member that owns it. Filled from every list answer the virtual server merges;
 * a name two members announce belongs to the first (lowest index). At most {@value #MAX_PER_MEMBER} entries per
 * member and kind. Thread-safe: every event loop of the gateway shares it.
 */
public final class VirtualCatalog {

    /** The most names one member may place in one kind. */
    public static final int MAX_PER_MEMBER = 10_000;
    /** How often a miss may trigger a listing of one kind from every member. */
    public static final long REFRESH_INTERVAL_NANOS = 2_000_000_000L;

    private record Template(int member, String template) {
    }

    private final int members;
    private final Map<CatalogKind, Map<String, VirtualNames.Owner>> names = new EnumMap<>(CatalogKind.class);
    private final Map<CatalogKind, AtomicInteger[]> counts = new EnumMap<>(CatalogKind.class);
    private final Map<CatalogKind, AtomicLong> lastRefresh = new EnumMap<>(CatalogKind.class);
    private final List<Template> templates = new CopyOnWriteArrayList<>();

    public VirtualCatalog(int members) {
        this.members = members;
        for (CatalogKind kind : CatalogKind.values()) {
            names.put(kind, new ConcurrentHashMap<>());
            AtomicInteger[] perMember = new AtomicInteger[members];
            for (int i = 0; i < members; i++) {
                perMember[i] = new AtomicInteger();
            }
            counts.put(kind, perMember);
            lastRefresh.put(kind, new AtomicLong(Long.MIN_VALUE));
        }
    }

    /** The owner of a virtual name (or URI, or template) of {@code kind}; null when unknown. */
    public VirtualNames.Owner find(CatalogKind kind, String name) {
        return names.get(kind).get(name);
    }

    /**
     * Records that {@code member} lists {@code memberName} as {@code name}.
     *
     * @return false when another member with a lower index owns the name (the entry is left out), or the member's
     *         share of the kind is full
     */
    public boolean learn(CatalogKind kind, int member, String name, String memberName) {
        Map<String, VirtualNames.Owner> table = names.get(kind);
        VirtualNames.Owner current = table.get(name);
        if (current != null && current.member() < member) {
            return false;
        }
        if (current == null || current.member() != member) {
            if (counts.get(kind)[member].incrementAndGet() > MAX_PER_MEMBER) {
                counts.get(kind)[member].decrementAndGet();
                return false;
            }
        }
        VirtualNames.Owner previous = table.put(name, new VirtualNames.Owner(member, memberName));
        if (previous != null && previous.member() != member) {
            counts.get(kind)[previous.member()].decrementAndGet();
        }
        if (kind == CatalogKind.RESOURCE_TEMPLATES && (previous == null || previous.member() != member)) {
            templates.removeIf(template -> template.template().equals(name));
            templates.add(new Template(member, name));
        }
        return true;
    }

    /** Forgets what {@code member} announced of {@code kind} (its list changed). */
    public void forget(CatalogKind kind, int member) {
        names.get(kind).values().removeIf(owner -> owner.member() == member);
        counts.get(kind)[member].set(0);
        if (kind == CatalogKind.RESOURCES) {
            forget(CatalogKind.RESOURCE_TEMPLATES, member);
            templates.removeIf(template -> template.member() == member);
        }
    }

    /** The member owning resource {@code uri}: listed as is, else matched by a listed URI template; -1 when none. */
    public int resourceOwner(String uri) {
        VirtualNames.Owner listed = find(CatalogKind.RESOURCES, uri);
        if (listed != null) {
            return listed.member();
        }
        int best = -1;
        for (Template template : templates) {
            if (UriTemplates.matches(template.template(), uri) && (best < 0 || template.member() < best)) {
                best = template.member();
            }
        }
        return best;
    }

    /**
     * True when a miss of {@code kind} may list that kind from every member now: at most once per
     * {@link #REFRESH_INTERVAL_NANOS} per kind, so unknown names cannot make the members list on every call.
     */
    public boolean mayRefresh(CatalogKind kind, long nowNanos) {
        AtomicLong last = lastRefresh.get(kind);
        long previous = last.get();
        return (previous == Long.MIN_VALUE || nowNanos - previous >= REFRESH_INTERVAL_NANOS)
                && last.compareAndSet(previous, nowNanos);
    }

    public int members() {
        return members;
    }
}
