package dev.portcullis.gateway.observe;

import dev.portcullis.model.analytics.AnalyticsRecord;

/**
 * A finished request, as observers get it.
 *
 * @param record  the analytics record (also what the access log prints)
 * @param tracked false when the route has {@code doNotTrack}, or the proxy has {@code global.trafficLogs} off and
 *                the route no {@code track}: analytics and the access log skip it; metrics still count it
 * @param legOf   for a member leg of a virtual server, that virtual server's id (the record's {@code proxy} is the
 *                member): analytics skip it, the access log marks it; null for an agent's own request
 */
public record CompletedRequest(AnalyticsRecord record, boolean tracked, String legOf) {

    public CompletedRequest(AnalyticsRecord record, boolean tracked) {
        this(record, tracked, null);
    }
}
