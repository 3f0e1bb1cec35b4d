package dev.portcullis.gateway.server;

import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import io.vertx.core.Future;
import java.util.function.BiFunction;

/** An arrival step that applies to every request and may answer it asynchronously. */
record Step(String name, BiFunction<McpExchange, FilterContext, Future<FilterResult>> step) implements McpFilter {

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        return step.apply(exchange, context);
    }
}
