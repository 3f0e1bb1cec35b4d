package dev.portcullis.controlplane.distribution;

/**
 * CDI event fired inside every transaction that changes what gateways receive. Observers that push snapshots
 * listen with {@code during = TransactionPhase.AFTER_SUCCESS}, so a gateway never sees uncommitted data.
 *
 * @param version the configuration version the change committed as
 */
public record ConfigChanged(long version) {
}
