package dev.portcullis.controlplane.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The answer to a rollback: the new version's item with {@code changed: true}, or only the current version and
 * {@code changed: false} when the configuration already was the one asked for (then no version was made).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackResult(long version, Instant changedAt, String actor, String change, Boolean current,
                             boolean changed) {

    static RollbackResult unchanged(long current) {
        return new RollbackResult(current, null, null, null, null, false);
    }

    static RollbackResult of(VersionView view) {
        return new RollbackResult(view.version(), view.changedAt(), view.actor(), view.change(), view.current(),
                true);
    }
}
