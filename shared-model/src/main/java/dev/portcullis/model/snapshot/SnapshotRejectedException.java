package dev.portcullis.model.snapshot;

/**
 * A snapshot failed verification or validation. {@link #getMessage()} is a short human reason fit for a NACK
 * report and a log line; it never contains key material. No stack trace is captured: this is an outcome, not a bug.
 */
public class SnapshotRejectedException extends RuntimeException {

    public SnapshotRejectedException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
