package dev.portcullis.gateway.filter.pinning;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the pinning step shares across event loops: the definitions last seen per proxy, the reporter that tells
 * the control plane about changes, and the count of calls refused because their primitive waits for approval.
 * One per gateway.
 */
public final class PinWatch implements AutoCloseable {

    private final PinObservations observations = new PinObservations();
    private final PinReporter reporter;
    private final AtomicLong refusedCalls = new AtomicLong();

    public PinWatch(PinReporter reporter) {
        this.reporter = reporter;
    }

    public PinObservations observations() {
        return observations;
    }

    public PinReporter reporter() {
        return reporter;
    }

    /** Calls refused with {@code pending_approval} since start. */
    public long refusedCalls() {
        return refusedCalls.get();
    }

    void refused() {
        refusedCalls.incrementAndGet();
    }

    @Override
    public void close() {
        reporter.close();
    }
}
