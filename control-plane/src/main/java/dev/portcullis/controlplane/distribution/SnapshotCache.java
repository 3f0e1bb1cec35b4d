package dev.portcullis.controlplane.distribution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest signed snapshot per gateway view (tag set, and encryption key where secrets are sealed), at most
 * {@code capacity} views, least recently used evicted first. Bounded because views come from callers: a gateway
 * (or a client holding the gateway token) inventing new tag combinations or keys must not grow memory without limit. An evicted entry only costs one rebuild. Thread-safe.
 */
final class SnapshotCache<K> {

    private final Map<K, Snapshots.Published> entries;

    SnapshotCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Snapshots.Published> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Snapshots.Published get(K view) {
        return entries.get(view);
    }

    /** Keeps the newer of the cached and the offered snapshot, and returns it. */
    synchronized Snapshots.Published offer(K view, Snapshots.Published fresh) {
        return entries.merge(view, fresh, (old, candidate) -> candidate.version() >= old.version() ? candidate : old);
    }

    synchronized int size() {
        return entries.size();
    }
}
