package dev.portcullis.controlplane.distribution;

import dev.portcullis.model.snapshot.SignedSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotCacheTest {

    @Test
    void holdsAtMostItsCapacityEvictingTheLeastRecentlyUsedTagSet() {
        SnapshotCache<Set<String>> cache = new SnapshotCache<>(2);
        cache.offer(Set.of("a"), published(1));
        cache.offer(Set.of("b"), published(1));
        cache.get(Set.of("a"));

        cache.offer(Set.of("c"), published(1));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(Set.of("b"))).isNull();
        assertThat(cache.get(Set.of("a"))).isNotNull();
    }

    @Test
    void neverReplacesANewerSnapshotWithAnOlderOne() {
        SnapshotCache<Set<String>> cache = new SnapshotCache<>(2);
        cache.offer(Set.of(), published(5));

        assertThat(cache.offer(Set.of(), published(4)).version()).isEqualTo(5);
        assertThat(cache.offer(Set.of(), published(6)).version()).isEqualTo(6);
    }

    private static Snapshots.Published published(long version) {
        return new Snapshots.Published(version, new SignedSnapshot("p" + version, "s", "k"));
    }
}
