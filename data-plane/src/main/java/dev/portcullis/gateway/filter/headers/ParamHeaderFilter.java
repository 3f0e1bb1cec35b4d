package dev.portcullis.gateway.filter.headers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.DeclaredParams;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.ProtocolRevision;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;

/**
 * Checks the {@code Mcp-Param-*} headers of a 2026-07-28 {@code tools/call} against its arguments, for the tools
 * whose input schema (as the upstream's {@code tools/list} answers announced it, remembered in
 * {@link KnownPrimitives}) declares them: a missing, repeated, malformed or disagreeing one is 400, -32020 naming
 * the header, and nothing reaches the upstream, so a router or server that trusts the header acts on what the
 * gateway authorised. Headers no known schema declares are forwarded unchanged. One map lookup per call, then one
 * header lookup per declared argument.
 *
 * @param known what upstream {@code tools/list} answers declared, shared by every event loop
 */
public record ParamHeaderFilter(KnownPrimitives known) implements McpFilter {

    private static final String TOOLS_CALL = "tools/call";

    @Override
    public String name() {
        return "param-headers";
    }

    @Override
    public boolean appliesTo(FilterContext context) {
        return context.route().kind() == MessageKind.REQUEST && TOOLS_CALL.equals(context.route().method())
                && context.route().revision() == ProtocolRevision.V2026_07_28;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        DeclaredParams declared = known.params(context.proxy().id(), context.route().primitiveName());
        if (declared == null || !(exchange.message().orElse(null) instanceof JsonRpcMessage.Request request)) {
            return FilterResult.proceed();
        }
        JsonNode arguments = request.params() == null ? null : request.params().get("arguments");
        return declared.check(exchange.request().headers(), arguments)
                .map(FilterResult::reject).orElseGet(FilterResult::proceed);
    }
}
