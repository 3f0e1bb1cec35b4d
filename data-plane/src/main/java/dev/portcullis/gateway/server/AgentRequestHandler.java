package dev.portcullis.gateway.server;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.proxy.ResponseRelay;
import dev.portcullis.gateway.request.BodyReader;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.runtime.virtual.LegTicket;
import dev.portcullis.gateway.runtime.virtual.LegTickets;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Entry point of every agent request: reads the runtime once, so the whole request is served by one snapshot, and
 * runs the pipeline of {@link FilterOrder} on it. What the pipeline decided is answered here: a refusal (read
 * after discarding the body when it came before the body was read), a response of a step's own, or nothing when a
 * step took the request over (forwarding). One instance per event loop and listener.
 *
 * <p>The instance of the loopback listener ({@code legs} not null) serves only the member legs of virtual servers:
 * a request whose {@value LegTickets#HEADER} names no open leg is refused as an unknown path.
 */
public record AgentRequestHandler(Vertx vertx, AtomicReference<GatewayRuntime> runtime, FilterChain pipeline,
                                  RequestObservers observers, String gatewayId, long bodyTimeoutMs, LegTickets legs)
        implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(AgentRequestHandler.class);

    @Override
    public void handle(HttpServerRequest request) {
        long start = System.nanoTime();
        GatewayRuntime current = runtime.get();
        RequestObservation observation = RequestObservation.begin(request, observers, gatewayId, start);
        if (current == null) {
            ErrorResponses.send(observation, null, GatewayErrors.noConfiguration());
            return;
        }
        FilterContext context = new FilterContext(current, start);
        if (legs != null) {
            LegTicket ticket = legs.find(request.getHeader(LegTickets.HEADER));
            if (ticket == null) {
                ErrorResponses.send(observation, null, GatewayErrors.unknownListenPath());
                return;
            }
            context.leg(ticket);
            observation.legOf(ticket.virtualServer());
        }
        context.observation(observation);
        observation.facts(context);
        McpExchange exchange = new McpExchange(observation);
        pipeline.onRequest(exchange, context).onComplete(outcome -> {
            if (outcome.failed()) {
                LOG.errorf("filter failed on proxy %s: %s", context.proxy() == null ? "-" : context.proxy().id(),
                        outcome.cause().toString());
                refuse(context, observation, GatewayErrors.internalError());
            } else if (outcome.result() instanceof FilterResult.Reject reject) {
                refuse(context, observation, reject.error());
            } else if (outcome.result() instanceof FilterResult.Respond respond) {
                answer(context, observation, respond);
            }
            // Taken: a step answers (forwarding relays the upstream's answer). Continue cannot end the pipeline:
            // its last step forwards.
        });
    }

    /**
     * A step's own answer (a mock response) goes back through the steps that ran, like an upstream's: its head
     * backward through {@link FilterChain#onResponse}, then its body as one message.
     */
    private static void answer(FilterContext context, RequestObservation observation, FilterResult.Respond respond) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        respond.headers().forEach(headers::set);
        McpResponse head = new McpResponse(respond.status(), headers);
        if (!FilterChain.onResponse(head, context)) {
            ErrorResponses.send(observation, context.replyId(), GatewayErrors.internalError());
            return;
        }
        HttpServerResponse response = observation.request().response().setStatusCode(head.status());
        response.headers().setAll(head.headers());
        ResponseRelay.answerLocally(observation, context, head, respond.body());
    }

    /**
     * Answers a refusal. One decided before the body was read reads the body first and throws it away (within the
     * discard limit and the body timeout, as for an oversized body), so a client that writes its whole body before
     * reading, like Java's HttpClient, reads the refusal instead of a connection reset; a chunked or oversized body
     * still gets the answer at once and its connection closed.
     */
    private void refuse(FilterContext context, RequestObservation observation, GatewayError error) {
        if (context.bodyRead()) {
            ErrorResponses.send(observation, context.replyId(), error);
            return;
        }
        BodyReader.read(vertx, observation.request(), 0, bodyTimeoutMs)
                .onComplete(read -> ErrorResponses.send(observation, null, error));
    }
}
