package dev.portcullis.gateway.observe;

/** What a tracer keeps for one traced request (its span), read by the other observers for the trace id. */
public interface TraceScope {

    /** The W3C trace id, 32 lowercase hex digits. */
    String traceId();
}
