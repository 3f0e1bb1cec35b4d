package dev.portcullis.gateway.virtual;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.proxy.ForwardHeaders;
import dev.portcullis.gateway.proxy.ResponseRelay;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends one member leg for the agent's request and relays its answer to the agent as an upstream's: the head
 * backward through the virtual server's steps, then the body message by message ({@link ResponseRelay}), streaming,
 * the member's progress notifications and requests included. What the member's pipeline decided (its 403, 429,
 * 502, 504, JSON-RPC errors) reaches the agent unchanged. The record names the member.
 */
final class LegRelay {

    private static final Logger LOG = Logger.getLogger(LegRelay.class);
    private static final String LISTEN = "subscriptions/listen";

    private final MemberLegs legs;

    LegRelay(MemberLegs legs) {
        this.legs = legs;
    }

    void send(McpExchange exchange, FilterContext context, MemberLegs.Leg leg) {
        RequestObservation observation = context.observation();
        observation.member(leg.member().id());
        HttpClientRequest[] sent = {null};
        observation.onAgentGone(() -> {
            if (sent[0] != null) {
                MemberLegs.discard(sent[0]);
            }
        });
        legs.send(exchange, context, leg, request -> {
            sent[0] = request;
            observation.forwarding(request.headers());
        }).response().onComplete(done -> {
            if (done.failed()) {
                LOG.debugf("virtual server %s: leg to %s failed: %s", context.proxy().id(), leg.member().id(),
                        done.cause().getMessage());
                ErrorResponses.send(observation, context.route().id(), GatewayErrors.upstreamUnreachable());
                return;
            }
            relay(exchange, context, leg, done.result());
        });
    }

    private static void relay(McpExchange exchange, FilterContext context, MemberLegs.Leg leg,
                              HttpClientResponse response) {
        RequestObservation observation = context.observation();
        HttpServerResponse agent = exchange.request().response();
        if (agent.closed()) {
            MemberLegs.discard(response);
            return;
        }
        context.servingMember(leg.member().id());
        MultiMap headers = ForwardHeaders.toAgent(response.headers());
        headers.remove(MemberLegs.SESSION); // the agent keeps the virtual server's session id
        McpResponse head = new McpResponse(response.statusCode(), headers, LISTEN.equals(context.route().method()));
        List<String> memberHeaderNames = ForwardHeaders.names(head.headers());
        if (!FilterChain.onResponse(head, context)) {
            MemberLegs.discard(response);
            ErrorResponses.send(observation, context.route().id(), GatewayErrors.internalError());
            return;
        }
        agent.setStatusCode(head.status());
        if (response.statusMessage() != null && !response.statusMessage().isEmpty()) {
            agent.setStatusMessage(response.statusMessage());
        }
        agent.headers().setAll(head.headers());
        observation.upstreamHeadCopied(memberHeaderNames);
        boolean eventStream = head.framing() == McpResponse.Framing.EVENTS;
        ResponseRelay.start(response, () -> MemberLegs.discard(response), observation, context, head, end -> {
        }, () -> cutShort(exchange, observation, agent, eventStream));
    }

    /** The member's leg ended mid-body: as {@code UpstreamForwarder} does for an upstream. */
    private static void cutShort(McpExchange exchange, RequestObservation observation, HttpServerResponse agent,
                                 boolean eventStream) {
        if (observation.answered() || agent.closed()) {
            return;
        }
        if (eventStream) {
            observation.end();
        } else if (!agent.headWritten()) {
            ErrorResponses.send(observation, null, GatewayErrors.upstreamClosed());
        } else if (exchange.request().version() == HttpVersion.HTTP_2) {
            agent.reset();
        } else {
            exchange.request().connection().close();
        }
    }
}
