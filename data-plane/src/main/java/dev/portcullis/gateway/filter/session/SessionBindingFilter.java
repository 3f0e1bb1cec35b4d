package dev.portcullis.gateway.filter.session;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.runtime.SessionBinding;
import dev.portcullis.gateway.runtime.SessionKeyRing;
import dev.portcullis.gateway.runtime.UpstreamPool;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Binds MCP sessions to the consumer and proxy that opened them. The {@code Mcp-Session-Id} an upstream hands out
 * reaches the agent sealed ({@link SessionKeyRing}); a request carrying a session id is let through only when the
 * id opens and names this proxy and this consumer, and then the upstream receives its own id back. Anything else
 * (not sealed by the deployment, altered, expired key, another proxy, another consumer, several ids) is answered
 * 404 -32001 "unknown session", as a session that does not exist, and nothing reaches the upstream.
 *
 * <p>A session of a balanced upstream with {@code sessionAffinity} is also sealed with the target that created it
 * ({@link SessionBinding#target()}), so every gateway routes it back there with no shared store.
 *
 * <p>Applies to proxies with authentication on, and to proxies that keep sessions on a balanced target, when the
 * snapshot carries session keys; otherwise session ids pass through unchanged. With authentication off every
 * session is bound to the anonymous consumer. A request on a route with {@code ignoreAuthentication} has no consumer: it may use any
 * genuine session of the proxy, and a session it opens is bound to the anonymous consumer.
 */
public record SessionBindingFilter(Clock clock) implements McpFilter {

    static final String HEADER = "Mcp-Session-Id";
    private static final String ANONYMOUS = "anonymous:";

    @Override
    public boolean appliesTo(FilterContext context) {
        if (context.leg() != null) {
            return true;
        }
        return (context.proxy().definition().authentication().enabled() || context.proxy().pool().pinsSessions())
                && context.runtime().sessionKeys().canSeal();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        List<String> ids = exchange.request().headers().getAll(HEADER);
        if (context.leg() != null) {
            return onLeg(ids, context);
        }
        if (ids.isEmpty()) {
            return FilterResult.proceed();
        }
        SessionBinding binding = ids.size() == 1
                ? context.runtime().sessionKeys().open(ids.get(0), clock.instant()) : null;
        if (binding == null || !binding.proxyId().equals(context.proxy().id())
                || (context.consumer() != null && !binding.consumer().equals(consumer(context)))) {
            return FilterResult.reject(GatewayErrors.unknownSession());
        }
        context.session(ids.get(0), binding);
        exchange.upstreamHeaders().set(HEADER, binding.upstreamId());
        return FilterResult.proceed();
    }

    /**
     * A member leg carries the member's own session id, which the virtual server opened from its sealed id (bound
     * to the agent there): it goes upstream as it is, on the target the ticket names.
     */
    private static Future<FilterResult> onLeg(List<String> ids, FilterContext context) {
        if (ids.size() == 1) {
            context.session(ids.get(0), new SessionBinding(context.proxy().id(), consumer(context), ids.get(0),
                    context.leg().sessionTarget()));
        }
        return FilterResult.proceed();
    }

    /** Seals the upstream's session id; the agent's own sealed id again when the upstream names the same session. */
    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        String upstreamId = response.headers().get(HEADER);
        if (upstreamId == null) {
            return;
        }
        if (context.leg() != null) {
            // The virtual server seals all its members' sessions into one id; it learns the target here.
            context.leg().openedTarget(target(context));
            return;
        }
        SessionBinding current = context.sessionBinding();
        if (current != null && current.upstreamId().equals(upstreamId)) {
            response.headers().set(HEADER, context.sealedSession());
            return;
        }
        response.headers().set(HEADER, context.runtime().sessionKeys()
                .seal(new SessionBinding(context.proxy().id(), consumer(context), upstreamId, target(context))));
    }

    /** The balanced target that answered, when sessions stay on their target; "" otherwise. */
    private static String target(FilterContext context) {
        UpstreamPool.Member target = context.upstreamTarget();
        return target != null && context.proxy().pool().pinsSessions() ? target.id() : "";
    }

    /** The consumer as bound into session ids: its kind and id, so a key id never equals a token subject. */
    public static String consumer(FilterContext context) {
        ConsumerIdentity consumer = context.consumer();
        return consumer == null ? ANONYMOUS
                : consumer.kind().name().toLowerCase(Locale.ROOT) + ":" + consumer.id();
    }
}
