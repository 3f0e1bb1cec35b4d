package dev.portcullis.gateway.sync;

/** What happened to one received snapshot. */
public sealed interface ApplyOutcome {

    /** Verified, compiled and now serving. */
    record Applied(long version) implements ApplyOutcome {
    }

    /** The version already served: ignored silently (the stream and the resync often deliver the same one). */
    record AlreadyApplied(long version) implements ApplyOutcome {
    }

    /**
     * Older than the applied version, but only because a newer one was applied while this one was on its way (a
     * resync answer overtaken by a push): ignored silently, it is not the control plane's mistake.
     */
    record Superseded(long version, long appliedVersion) implements ApplyOutcome {
    }

    /**
     * Refused; the previous runtime stays in force.
     *
     * @param version the snapshot's version when it could be read, else null
     */
    record Rejected(Long version, String reason) implements ApplyOutcome {
    }
}
