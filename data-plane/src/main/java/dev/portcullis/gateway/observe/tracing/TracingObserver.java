package dev.portcullis.gateway.observe.tracing;

import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.TraceScope;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One SERVER span per routed agent request (docs/adr/0003-observability.md, Traces): started at the request's
 * arrival with the agent's trace context as parent ({@link IncomingTraceContext}), propagated upstream as
 * {@code traceparent} / {@code tracestate} (replacing the agent's), ended when the response ends. Requests refused
 * before routing (unknown listen path, bad body, invalid JSON-RPC) get no span.
 *
 * <p>Hooks run on the request's event loop; the tracer's span processor exports in the background.
 */
public final class TracingObserver implements RequestObserver {

    static final AttributeKey<String> MCP_METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> MCP_TOOL = AttributeKey.stringKey("mcp.tool.name");
    static final AttributeKey<String> MCP_PROMPT = AttributeKey.stringKey("mcp.prompt.name");
    static final AttributeKey<String> MCP_RESOURCE = AttributeKey.stringKey("mcp.resource.name");
    static final AttributeKey<String> PROXY = AttributeKey.stringKey("portcullis.proxy");
    static final AttributeKey<String> GATEWAY = AttributeKey.stringKey("portcullis.gateway");
    static final AttributeKey<String> CONSUMER_ALIAS = AttributeKey.stringKey("portcullis.consumer.alias");
    static final AttributeKey<String> CONSUMER_ID = AttributeKey.stringKey("portcullis.consumer.id");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> JSONRPC_ERROR_CODE = AttributeKey.longKey("rpc.jsonrpc.error_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final TextMapGetter<IncomingTraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(IncomingTraceContext carrier) {
            return List.of(IncomingTraceContext.TRACEPARENT, IncomingTraceContext.TRACESTATE);
        }

        @Override
        public String get(IncomingTraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return switch (key) {
                case IncomingTraceContext.TRACEPARENT -> carrier.traceparent();
                case IncomingTraceContext.TRACESTATE -> carrier.tracestate();
                default -> null;
            };
        }
    };

    private static final TextMapSetter<MultiMap> SETTER = (headers, key, value) -> headers.set(key, value);

    private final Tracer tracer;
    private final String gatewayId;
    private final W3CTraceContextPropagator propagator = W3CTraceContextPropagator.getInstance();

    /**
     * @param tracer    where spans are made (the application's OpenTelemetry SDK)
     * @param gatewayId this gateway's id, the {@code portcullis.gateway} attribute
     */
    public TracingObserver(Tracer tracer, String gatewayId) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    }

    @Override
    public void routed(RequestObservation observation) {
        McpRoute route = observation.route();
        String httpMethod = observation.request().method().name();
        IncomingTraceContext incoming = IncomingTraceContext.select(observation.request().headers(),
                observation.message());
        Context parent = incoming == null ? Context.root() : propagator.extract(Context.root(), incoming, GETTER);
        Instant now = Instant.now();
        long startEpochNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano()
                - (System.nanoTime() - observation.startNanos());
        SpanBuilder span = tracer.spanBuilder(spanName(route, httpMethod))
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute(GATEWAY, gatewayId)
                .setAttribute(HTTP_METHOD, httpMethod);
        if (observation.proxy() != null) {
            span.setAttribute(PROXY, observation.proxy().id());
        }
        if (route.method() != null) {
            span.setAttribute(MCP_METHOD, route.method());
        }
        AttributeKey<String> primitive = primitiveKey(route.primitiveType());
        if (primitive != null) {
            span.setAttribute(primitive, route.primitiveName());
        }
        observation.trace(new SpanScope(span.startSpan(), startEpochNanos, observation.startNanos()));
    }

    @Override
    public void forwarding(RequestObservation observation, MultiMap upstreamHeaders) {
        if (observation.trace() instanceof SpanScope scope) {
            upstreamHeaders.remove(IncomingTraceContext.TRACEPARENT);
            upstreamHeaders.remove(IncomingTraceContext.TRACESTATE);
            propagator.inject(Context.root().with(scope.span()), upstreamHeaders, SETTER);
        }
    }

    @Override
    public void completed(RequestObservation observation, CompletedRequest request) {
        TraceScope trace = observation.trace();
        if (!(trace instanceof SpanScope scope)) {
            return;
        }
        Span span = scope.span();
        AnalyticsRecord record = request.record();
        ConsumerIdentity consumer = observation.consumer();
        if (consumer != null) {
            span.setAttribute(CONSUMER_ID, consumer.id());
            if (consumer.alias() != null) {
                span.setAttribute(CONSUMER_ALIAS, consumer.alias());
            }
        }
        span.setAttribute(HTTP_STATUS, record.status());
        if (record.mcpErrorCode() != null) {
            span.setAttribute(JSONRPC_ERROR_CODE, record.mcpErrorCode().longValue());
        }
        if (record.errorReason() != null) {
            span.setAttribute(ERROR_TYPE, record.errorReason());
            span.setStatus(StatusCode.ERROR);
        } else if (record.status() >= 500) {
            span.setAttribute(ERROR_TYPE, Integer.toString(record.status()));
            span.setStatus(StatusCode.ERROR);
        }
        span.end(scope.nowEpochNanos(), TimeUnit.NANOSECONDS);
    }

    /** {@code <method> <primitive>}, the method alone, or the HTTP method for body-less requests and responses. */
    static String spanName(McpRoute route, String httpMethod) {
        if (route.method() == null) {
            return httpMethod;
        }
        return route.primitiveType() == PrimitiveType.NONE ? route.method()
                : route.method() + " " + route.primitiveName();
    }

    private static AttributeKey<String> primitiveKey(PrimitiveType type) {
        return switch (type) {
            case TOOL -> MCP_TOOL;
            case PROMPT -> MCP_PROMPT;
            case RESOURCE -> MCP_RESOURCE;
            case NONE -> null;
        };
    }
}
