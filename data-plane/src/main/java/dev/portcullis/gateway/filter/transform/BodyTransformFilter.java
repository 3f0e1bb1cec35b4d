package dev.portcullis.gateway.filter.transform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.ArgumentEdits;
import dev.portcullis.gateway.request.DeclaredParams;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies {@code transformRequestBody} to a {@code tools/call} or {@code prompts/get} before it goes upstream: the
 * operation's edits, then the primitive's, on {@code params.arguments}. Runs after authorisation and rate limits
 * (they judge what the agent sent) and after the header transforms. Everything outside {@code params.arguments}
 * (the id, {@code _meta}, the name) is kept; numbers keep their exact text value. The edited message must still fit
 * the route's {@code requestSizeLimit} (413 otherwise). For 2026-07-28 calls the {@code Mcp-Param-*} headers the
 * tool's schema declares are set again from the edited arguments, so headers and body agree upstream too.
 * Costs one parse and one write of the body, only for routes that have edits.
 *
 * @param known what upstream {@code tools/list} answers declared ({@code x-mcp-header}), shared by every event loop
 */
public record BodyTransformFilter(KnownPrimitives known) implements McpFilter {

    private static final Set<String> METHODS = Set.of("tools/call", "prompts/get");
    /** Keeps {@code 1.10} as {@code 1.10} and {@code 1e400} as a number: the edit must not change other values. */
    private static final ObjectMapper EXACT = Json.mapper().copy()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @Override
    public String name() {
        return "body-transform";
    }

    @Override
    public boolean appliesTo(FilterContext context) {
        McpRoute route = context.route();
        return route.kind() == MessageKind.REQUEST && METHODS.contains(route.method())
                && !context.settings().bodyEdits().isEmpty();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        JsonNode tree;
        try {
            tree = EXACT.readTree(exchange.body().getBytes());
        } catch (IOException e) {
            return FilterResult.proceed();
        }
        if (!(tree.get("params") instanceof ObjectNode params)) {
            return FilterResult.proceed();
        }
        RequestVariables values = new RequestVariables(exchange.request(), context);
        for (ArgumentEdits edits : context.settings().bodyEdits()) {
            if (!edits.applyTo(params, values)) {
                return FilterResult.proceed();
            }
        }
        byte[] edited;
        try {
            edited = EXACT.writeValueAsBytes(tree);
        } catch (IOException e) {
            return FilterResult.proceed();
        }
        long limit = context.proxy().requestSizeLimit(context.settings());
        if (edited.length > limit) {
            return FilterResult.reject(GatewayErrors.bodyTooLarge(limit));
        }
        exchange.body(Buffer.buffer(edited));
        exchange.message(JsonRpcMessage.parse(tree));
        mirrorParamHeaders(exchange, context, params.get("arguments"));
        return FilterResult.proceed();
    }

    private void mirrorParamHeaders(McpExchange exchange, FilterContext context, JsonNode arguments) {
        McpRoute route = context.route();
        if (!route.revision().stateless() || !"tools/call".equals(route.method())) {
            return;
        }
        DeclaredParams declared = known.params(context.proxy().id(), route.primitiveName());
        if (declared != null) {
            declared.mirror(exchange.upstreamHeaders(), arguments);
        } else {
            // Declarations not seen yet: the agent's Mcp-Param-* headers may describe arguments the edit changed,
            // and an upstream routing on them would act on the agent's values. None is better than a false one.
            List<String> agentParams = new ArrayList<>();
            for (String name : exchange.upstreamHeaders().names()) {
                if (name.regionMatches(true, 0, DeclaredParams.PREFIX, 0, DeclaredParams.PREFIX.length())) {
                    agentParams.add(name);
                }
            }
            agentParams.forEach(exchange.upstreamHeaders()::remove);
        }
    }
}
