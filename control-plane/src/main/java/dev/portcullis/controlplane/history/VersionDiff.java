package dev.portcullis.controlplane.history;

import java.util.List;

/**
 * What changed from one configuration version to another: proxies first, then policies, each by id.
 *
 * @param from the version compared against; null when {@code to} is the oldest in history (all is then added)
 */
public record VersionDiff(Long from, long to, List<EntityChange> changes) {

    public VersionDiff {
        changes = List.copyOf(changes);
    }
}
