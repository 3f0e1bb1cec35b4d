package dev.portcullis.gateway.observe.tracing;

import dev.portcullis.gateway.observe.TraceScope;

/** With tracing off: the trace id the agent sent, so the request's record still names the agent's trace. */
record AgentTraceId(String traceId) implements TraceScope {
}
