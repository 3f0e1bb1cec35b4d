package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.runtime.limits.Counter;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.request.MessageKind;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Rate limits and quotas, after authorisation so refused requests consume nothing.
 * Counts JSON-RPC requests (lifecycle ones included: {@code initialize} and {@code ping} cost one like any call);
 * notifications, client responses and body-less GET/DELETE are not counted (docs/ratelimits.md). Every counter
 * that applies is checked and consumed at once; the tightest one is reported in {@code RateLimit-*} headers.
 */
public record RateLimitFilter(RateLimiter limiter, Clock clock) implements McpFilter {

    @Override
    public boolean appliesTo(FilterContext context) {
        return context.route().kind() == MessageKind.REQUEST;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        List<Counter> counters = context.runtime().limits().counters(context.proxy().id(), context.route(),
                context.consumer(), clock.millis());
        if (counters.isEmpty()) {
            return FilterResult.proceed();
        }
        return limiter.check(counters).map(decision -> {
            if (decision instanceof LimitDecision.Allowed allowed) {
                context.limitHeaders(allowed.headers());
                return FilterResult.CONTINUE;
            }
            if (decision instanceof LimitDecision.Refused refused) {
                return new FilterResult.Reject(refusal(refused));
            }
            return new FilterResult.Reject(GatewayErrors.rateLimitStoreUnavailable());
        });
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        LimitHeaders headers = context.limitHeaders();
        if (headers != null) {
            response.headers().set("RateLimit-Limit", Long.toString(headers.limit()));
            response.headers().set("RateLimit-Remaining", Long.toString(headers.remaining()));
            response.headers().set("RateLimit-Reset", Long.toString(headers.resetSeconds()));
        }
    }

    static GatewayError refusal(LimitDecision.Refused refused) {
        Counter counter = refused.counter();
        long retryAfter = Math.max(1, LimitHeaders.seconds(refused.retryAfterMs()));
        Map<String, String> headers = Map.of(
                "Retry-After", Long.toString(retryAfter),
                "RateLimit-Limit", Long.toString(counter.limit()),
                "RateLimit-Remaining", "0",
                "RateLimit-Reset", Long.toString(retryAfter));
        String scope = counter.scope() + " (" + counter.limit() + " per " + counter.periodMs() / 1000 + " s)";
        return counter.kind() == Counter.Kind.QUOTA
                ? GatewayErrors.quotaExceeded(scope, headers)
                : GatewayErrors.rateLimited(scope, headers);
    }
}
