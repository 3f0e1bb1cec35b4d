package dev.portcullis.gateway.request;

/**
 * The analytics flag of a route ({@code track} / {@code doNotTrack} of its primitive or operation), carried on the
 * routed request for the analytics filter. {@link #DEFAULT} follows the proxy's {@code global.trafficLogs}.
 */
public enum Tracking {
    DEFAULT,
    TRACK,
    DO_NOT_TRACK
}
