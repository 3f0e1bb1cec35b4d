package dev.portcullis.gateway.observe.tracing;

import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;

/**
 * The tracer when tracing is off: no span and no SDK, but a request that carries a valid trace context (header or
 * {@code params._meta}) gets that trace id in its record. Headers are not touched: the agent's {@code traceparent}
 * header reaches the upstream unchanged, and a {@code _meta.traceparent} travels only in the body, as sent.
 * Stateless and thread-safe.
 */
public final class AgentTraceIdObserver implements RequestObserver {

    @Override
    public void routed(RequestObservation observation) {
        IncomingTraceContext incoming = IncomingTraceContext.select(observation.request().headers(),
                observation.message());
        if (incoming != null) {
            observation.trace(new AgentTraceId(incoming.parent().traceId()));
        }
    }

    @Override
    public void completed(RequestObservation observation, CompletedRequest request) {
    }
}
