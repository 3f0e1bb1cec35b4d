package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.error.GatewayError;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A step that only checks the request, synchronously, and refuses it or lets it go on: the shape of most steps,
 * written once. {@code check} returns the error to refuse with, or null to continue.
 *
 * @param name    a short stable name for logs
 * @param applies when the check has anything to do (see {@link McpFilter#appliesTo})
 * @param check   the check; it may also record what it learned in the exchange or the context
 */
public record Check(String name, Predicate<FilterContext> applies,
                    BiFunction<McpExchange, FilterContext, GatewayError> check) implements McpFilter {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(applies, "applies");
        Objects.requireNonNull(check, "check");
    }

    /** A check that applies to every request. */
    public static Check always(String name, BiFunction<McpExchange, FilterContext, GatewayError> check) {
        return new Check(name, context -> true, check);
    }

    @Override
    public boolean appliesTo(FilterContext context) {
        return applies.test(context);
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        GatewayError error = check.apply(exchange, context);
        return error == null ? FilterResult.proceed() : FilterResult.reject(error);
    }
}
