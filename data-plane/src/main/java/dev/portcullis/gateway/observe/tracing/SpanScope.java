package dev.portcullis.gateway.observe.tracing;

import dev.portcullis.gateway.observe.TraceScope;
import io.opentelemetry.api.trace.Span;

/**
 * The span of one traced request and the clock anchor of its start, so that its end is measured with the same
 * monotonic clock as the request's arrival.
 *
 * @param span            the request's SERVER span, started at the request's arrival
 * @param startEpochNanos the span's start, epoch nanoseconds
 * @param startNanos      the request's arrival on {@link System#nanoTime()}
 */
record SpanScope(Span span, long startEpochNanos, long startNanos) implements TraceScope {

    @Override
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /** Now, in epoch nanoseconds on the same anchor as the start. */
    long nowEpochNanos() {
        return startEpochNanos + (System.nanoTime() - startNanos);
    }
}
