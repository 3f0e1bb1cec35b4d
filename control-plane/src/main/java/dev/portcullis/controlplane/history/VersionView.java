package dev.portcullis.controlplane.history;

import java.time.Instant;

/**
 * A configuration version as the history list shows it.
 *
 * @param change  the summary of what the change did ({@code update proxy crm})
 * @param current whether this is the configuration gateways are serving now
 */
public record VersionView(long version, Instant changedAt, String actor, String change, boolean current) {
}
