package dev.portcullis.gateway.observe;

import dev.portcullis.gateway.request.Tracking;
import dev.portcullis.gateway.runtime.ConsumerIdentity;

/** What the filter chain learned about a request that observers read: who called, and whether it is tracked. */
public interface RequestFacts {

    /** The authenticated consumer, or null. */
    ConsumerIdentity consumer();

    /** {@code track} / {@code doNotTrack} of the route, for analytics. */
    Tracking tracking();
}
