package dev.portcullis.gateway.filter.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.AccessErrors;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.acl.CallerAccessLookup;
import dev.portcullis.gateway.filter.session.SessionBindingFilter;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.ProtocolRevision;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.jsonrpc.JsonRpcError;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/**
 * Governs the requests a 2026-07-28 server makes through an {@code input_required} result, on the methods that may
 * answer with one ({@code tools/call}, {@code prompts/get}, {@code resources/read}).
 *
 * <p>On the way out, for a caller whose method rules can deny something, the answer is rewritten by
 * {@link InputRequiredRewrite}, which removes the {@code inputRequests} entries those rules deny (each counted as a
 * denied server request on the request's observation) and seals the {@code requestState}. Other requests keep the
 * zero-copy pipe (a 2025 server asks on the stream instead, where the relay governs it). The upstream is asked for
 * an uncompressed body, as the gateway must read it.
 *
 * <p>On the agent's retry, a {@code requestState} sealed that way is opened: the upstream gets its own state back
 * (or none, if it sent none) and, in {@code inputResponses}, a JSON-RPC error (-32002, "denied by policy") under the
 * key of each removed request, whatever the agent put there; the body is re-serialised. A state that claims to be
 * sealed but does not open for this proxy, caller and request (method and name or URI) is refused (400, -32602)
 * and nothing is forwarded.
 *
 * @param clock the time sealed states are opened at (a key past its {@code openUntil} no longer opens them)
 */
public record InputRequiredFilter(Clock clock) implements McpFilter {

    private static final Set<String> METHODS = Set.of("tools/call", "prompts/get", "resources/read");
    private static final GatewayError DENIED = AccessErrors.denied("method_not_allowed", "denied by policy");

    public InputRequiredFilter() {
        this(Clock.systemUTC());
    }


    @Override
    public boolean appliesTo(FilterContext context) {
        return context.route().kind() == MessageKind.REQUEST && METHODS.contains(context.route().method())
                && context.route().revision() == ProtocolRevision.V2026_07_28;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        JsonNode state = exchange.message().orElse(null) instanceof JsonRpcMessage.Request request
                && request.params() != null ? request.params().get("requestState") : null;
        if (state != null && state.isTextual() && SealedRequestState.claims(state.textValue())) {
            GatewayError refused = restore(exchange, context, state.textValue());
            if (refused != null) {
                return FilterResult.reject(refused);
            }
        }
        if (CallerAccessLookup.of(context).restrictsMethods()) {
            context.governInputRequests(method -> exchange.observation().serverRequestDenied(method));
            exchange.upstreamHeaders().remove("Accept-Encoding");
        }
        return FilterResult.proceed();
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        if (context.governsInputRequests() && response.status() < 300) {
            response.rewriteBody(new InputRequiredRewrite(CallerAccessLookup.of(context),
                    context.runtime().sessionKeys(), context.proxy().id(), SessionBindingFilter.consumer(context),
                    request(context), context.inputRequestDenied()));
        }
    }

    /** The request a sealed state belongs to: its method and the name or URI it targets. */
    private static String request(FilterContext context) {
        return context.route().method() + " " + context.route().primitiveName();
    }

    /** Replaces the forwarded body with the upstream's state and the denial answers; the error when it cannot. */
    private GatewayError restore(McpExchange exchange, FilterContext context, String sealed) {
        SealedRequestState state = SealedRequestState.open(context.runtime().sessionKeys(), sealed, clock.instant());
        if (state == null || !state.proxyId().equals(context.proxy().id())
                || !state.consumer().equals(SessionBindingFilter.consumer(context))
                || !state.request().equals(request(context))) {
            return GatewayErrors.invalidRequestState();
        }
        ObjectNode body;
        try {
            body = (ObjectNode) Json.mapper().readTree(exchange.body().getBytes());
        } catch (IOException | ClassCastException e) {
            return GatewayErrors.invalidRequestState();
        }
        ObjectNode params = (ObjectNode) body.get("params");
        if (state.upstreamState() == null) {
            params.remove("requestState");
        } else {
            params.put("requestState", state.upstreamState());
        }
        ObjectNode responses = params.get("inputResponses") instanceof ObjectNode given ? given
                : params.putObject("inputResponses");
        JsonNode error = JsonRpcError.body(null, DENIED.code(), DENIED.message(), DENIED.reason(),
                DENIED.httpStatus()).get("error");
        state.denied().forEach(key -> responses.putObject(key).set("error", error.deepCopy()));
        exchange.body(Buffer.buffer(Json.write(body)));
        return null;
    }
}
