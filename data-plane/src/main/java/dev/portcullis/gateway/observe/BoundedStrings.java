package dev.portcullis.gateway.observe;

import dev.portcullis.model.analytics.RecordBounds;

/** Cuts the strings of one record to their bounds and remembers whether any was cut. One per record; not shared. */
final class BoundedStrings {

    private boolean truncated;

    /** @param truncated true when something of the request was already cut (a route refused for its length) */
    BoundedStrings(boolean truncated) {
        this.truncated = truncated;
    }

    String cut(String value, int limit) {
        if (RecordBounds.exceeds(value, limit)) {
            truncated = true;
        }
        return RecordBounds.cut(value, limit);
    }

    boolean truncated() {
        return truncated;
    }
}
