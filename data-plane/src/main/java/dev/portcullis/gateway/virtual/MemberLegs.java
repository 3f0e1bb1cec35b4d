package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.auth.prm.PublicOrigin;
import dev.portcullis.gateway.proxy.StreamCancel;
import dev.portcullis.gateway.runtime.virtual.LegTicket;
import dev.portcullis.gateway.runtime.virtual.LegTickets;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends member legs: the agent's request (or one the virtual server makes for it) to a member proxy's listen path
 * on the gateway's loopback listener, with a fresh leg ticket, so it walks the member's whole pipeline. The ticket is
 * withdrawn as soon as the leg's response head arrives (the member's pipeline read it when the leg arrived). One per
 * event loop, sharing its HTTP client.
 */
final class MemberLegs {

    static final String SESSION = "Mcp-Session-Id";
    private static final List<String> NOT_FORWARDED = List.of("Host", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Proto", SESSION, "Content-Length", "Last-Event-ID", "Mcp-Name");

    private final LegTickets tickets;
    private final HttpClient client;

    MemberLegs(LegTickets tickets, HttpClient client) {
        this.tickets = tickets;
        this.client = client;
    }

    /** What one leg carries besides the agent's headers. */
    record Leg(VirtualServer.Member member, HttpMethod method, Buffer body, String method2026, String name2026,
               String sessionId, String sessionTarget) {
    }

    /** A leg on its way: its ticket (where the member's pipeline reports a new session's target) and its answer. */
    record Sent(LegTicket ticket, Future<HttpClientResponse> response) {
    }

    /**
     * Sends {@code leg}; the response completes with the head (failed when the loopback connection fails).
     *
     * @param onSent told the request as sent, so it can be reset when the agent goes away
     */
    Sent send(McpExchange exchange, FilterContext context, Leg leg,
              Consumer<io.vertx.core.http.HttpClientRequest> onSent) {
        HttpServerRequest agent = exchange.request();
        SocketAddress remote = agent.remoteAddress();
        LegTicket ticket = new LegTicket(context.consumer(), context.proxy().id(), leg.member().id(),
                remote == null ? null : remote.hostAddress(), PublicOrigin.hostHeader(agent), agent.isSSL(),
                leg.sessionTarget());
        String token = tickets.register(ticket);
        MultiMap headers = headers(exchange, leg, token);
        String query = agent.query();
        RequestOptions options = new RequestOptions()
                .setMethod(leg.method())
                .setHost("127.0.0.1")
                .setPort(tickets.port())
                .setURI(leg.member().proxy().listenPath() + context.pathRest()
                        + (query == null || query.isEmpty() ? "" : "?" + query))
                .setHeaders(headers)
                .setFollowRedirects(false);
        return new Sent(ticket, client.request(options)
                .compose(request -> {
                    onSent.accept(request);
                    return leg.body() == null || leg.body().length() == 0 ? request.send() : request.send(leg.body());
                })
                .andThen(done -> tickets.close(token)));
    }

    /** The agent's headers as the virtual server forwards them, for the member's pipeline to take up. */
    private static MultiMap headers(McpExchange exchange, Leg leg, String token) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(exchange.upstreamHeaders());
        NOT_FORWARDED.forEach(headers::remove);
        // The agent's own X-Forwarded-For; the member's pipeline appends the agent's address from the ticket.
        List<String> forwardedFor = exchange.request().headers().getAll("X-Forwarded-For");
        if (!forwardedFor.isEmpty()) {
            headers.set("X-Forwarded-For", String.join(", ", forwardedFor));
        }
        if (leg.sessionId() != null && !leg.sessionId().isEmpty()) {
            headers.set(SESSION, leg.sessionId());
        }
        if (leg.method2026() != null && headers.contains("Mcp-Method")) {
            headers.set("Mcp-Method", leg.method2026());
        }
        if (leg.name2026() != null && exchange.request().headers().contains("Mcp-Name")) {
            headers.set("Mcp-Name", leg.name2026());
        }
        if (leg.body() != null && leg.body().length() > 0 && !headers.contains("Content-Type")) {
            headers.set("Content-Type", "application/json");
        }
        headers.set(LegTickets.HEADER, token);
        return headers;
    }

    /** The JSON-RPC answer to {@code id} in a leg's whole body: a JSON body, or the SSE event that carries it. */
    /**
     * Drops a leg the virtual server no longer wants. The reset's own "stream reset" failure is expected, so it is
     * handled here rather than logged as an unhandled error.
     */
    static void discard(HttpClientResponse response) {
        response.exceptionHandler(ignored -> { });
        discard(response.request());
    }

    static void discard(HttpClientRequest request) {
        request.exceptionHandler(ignored -> { });
        StreamCancel.cancel(request);
    }

    static JsonNode answer(HttpClientResponse response, Buffer body, JsonNode id) {
        String type = response.getHeader("Content-Type");
        if (type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
            return SseAnswers.find(body, id);
        }
        return SseAnswers.parse(body.toString());
    }
}
