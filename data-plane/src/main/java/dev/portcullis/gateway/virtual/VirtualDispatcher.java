package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.UndefinedMethods;
import dev.portcullis.gateway.runtime.virtual.CatalogKind;
import dev.portcullis.gateway.runtime.virtual.LegTickets;
import dev.portcullis.gateway.runtime.virtual.MemberSessions;
import dev.portcullis.gateway.runtime.virtual.ServerRequestIds;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The last step of a virtual server's pipeline, in place of forwarding: the request, authorised and limited as the
 * virtual server's, goes to its members as member legs ({@link MemberLegs}), each of which walks the member proxy's
 * own pipeline. By what the request is:
 * <ul>
 *   <li>{@code initialize}, {@code server/discover}: every member, the union answered ({@link Lifecycle});</li>
 *   <li>lists: every member, all pages, merged ({@link Lists});</li>
 *   <li>calls naming a primitive: the member that owns it ({@link Routing}), its answer relayed;</li>
 *   <li>the agent's answer to a member's request: that member, with its own id;</li>
 *   <li>notifications, {@code logging/setLevel}, DELETE: every member session; {@code ping}: answered here;</li>
 *   <li>the GET stream and {@code subscriptions/listen}: every member's, merged ({@link StreamMerge});</li>
 *   <li>anything else ({@code tasks/*}, unknown methods, methods the request's revision removed): -32601.</li>
 * </ul>
 * On the way back its {@link #onMessage} gives the member's requests to the agent ids that lead back to the member,
 * and forgets a member's routing entries when it says its list changed.
 */
public final class VirtualDispatcher implements McpFilter {

    private static final Logger LOG = Logger.getLogger(VirtualDispatcher.class);
    private static final Set<String> ROUTED = Set.of("tools/call", "prompts/get", "resources/read",
            "resources/subscribe", "resources/unsubscribe", "completion/complete");

    private final FanOut fanOut;
    private final Lists lists;
    private final Lifecycle lifecycle;
    private final Routing routing;
    private final LegRelay relay;
    private final StreamMerge streams;

    public VirtualDispatcher(LegTickets tickets, HttpClient client) {
        MemberLegs legs = new MemberLegs(tickets, client);
        this.fanOut = new FanOut(legs);
        this.lists = new Lists(fanOut);
        this.lifecycle = new Lifecycle(fanOut);
        this.relay = new LegRelay(legs);
        this.routing = new Routing(lists, relay);
        this.streams = new StreamMerge(legs);
    }

    @Override
    public boolean appliesTo(FilterContext context) {
        return context.proxy().virtual() != null;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        VirtualServer server = context.proxy().virtual();
        String carried = exchange.upstreamHeaders().get(MemberLegs.SESSION);
        Map<String, MemberSessions.Entry> sessions = MemberSessions.decode(carried);
        if (carried != null && sessions.isEmpty()) {
            return FilterResult.reject(GatewayErrors.unknownSession());
        }
        context.upstreamSession(new MemberAnswers(fanOut, exchange, context, server, sessions));
        McpRoute route = context.route();
        switch (route.kind()) {
            case NO_BODY -> {
                if (exchange.request().method() == HttpMethod.DELETE) {
                    lifecycle.delete(exchange, context, server, sessions);
                } else {
                    streams.merge(exchange, context, FanOut.toEach(server, HttpMethod.GET, null, sessions,
                            !sessions.isEmpty()), false);
                }
            }
            case NOTIFICATION -> lifecycle.notification(exchange, context, server, sessions);
            case RESPONSE -> answerToMember(exchange, context, server, sessions);
            case REQUEST -> {
                return request(exchange, context, server, sessions);
            }
        }
        return FilterResult.taken();
    }

    private Future<FilterResult> request(McpExchange exchange, FilterContext context, VirtualServer server,
                                         Map<String, MemberSessions.Entry> sessions) {
        String method = context.route().method();
        if (UndefinedMethods.undefinedIn(context.route().revision(), method)) {
            // Removed by the request's revision (a 2026-07-28 resources/subscribe, initialize, ping...): not
            // routed to a primitive, so answered as a server of that revision would.
            return FilterResult.reject(VirtualErrors.methodNotFound());
        }
        CatalogKind list = CatalogKind.ofList(method);
        if (list != null) {
            ObjectNode message = (ObjectNode) SseAnswers.parse(exchange.body().toString());
            if (message.path("params").hasNonNull("cursor")) {
                return FilterResult.reject(VirtualErrors.invalidCursor());
            }
            lists.merged(exchange, context, server, list, message, sessions).onSuccess(merged -> {
                if (!merged.anyAnswered()) {
                    ErrorResponses.send(context.observation(), context.route().id(), VirtualErrors.noMemberAnswered());
                    return;
                }
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.set(list.arrayField, merged.items());
                if (context.route().revision().stateless()) {
                    // Filtered per consumer, merged from members that may change apart: not for shared caches.
                    result.put("ttlMs", 0).put("cacheScope", "private");
                }
                LocalAnswers.result(context, result, Map.of());
            });
            return FilterResult.taken();
        }
        if (ROUTED.contains(method)) {
            routing.route(exchange, context, server, sessions);
            return FilterResult.taken();
        }
        switch (method) {
            case "initialize" -> lifecycle.initialize(exchange, context, server);
            case "server/discover" -> lifecycle.discover(exchange, context, server);
            case "ping" -> LocalAnswers.result(context, JsonNodeFactory.instance.objectNode(), Map.of());
            case "logging/setLevel" -> lifecycle.setLevel(exchange, context, server, sessions);
            case "subscriptions/listen" -> streams.merge(exchange, context,
                    FanOut.toEach(server, HttpMethod.POST, exchange.body(), Map.of(), false), true);
            default -> {
                return FilterResult.reject(VirtualErrors.methodNotFound());
            }
        }
        return FilterResult.taken();
    }

    /** The agent answers a member's request: it goes to that member, in its session, with the member's own id. */
    private void answerToMember(McpExchange exchange, FilterContext context, VirtualServer server,
                                Map<String, MemberSessions.Entry> sessions) {
        ServerRequestIds.Origin origin = ServerRequestIds.unwrap(context.route().id());
        VirtualServer.Member member = origin == null ? null : server.member(origin.member());
        if (member == null) {
            LOG.debugf("virtual server %s: an answer to no member's request was dropped", server.id());
            LocalAnswers.empty(context, 202);
            return;
        }
        ObjectNode message = (ObjectNode) SseAnswers.parse(exchange.body().toString());
        message.set("id", origin.id());
        MemberSessions.Entry session = sessions.get(member.id());
        relay.send(exchange, context, new MemberLegs.Leg(member, HttpMethod.POST, Buffer.buffer(Json.write(message)),
                null, null, session == null ? null : session.sessionId(), session == null ? "" : session.target()));
    }

    /** A member's stream is read message by message, so its requests to the agent can be given routable ids. */
    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        if (context.servingMember() != null && response.framing() != McpResponse.Framing.WHOLE) {
            response.readMessages(McpResponse.Reading.OBSERVE);
        }
    }

    @Override
    public void onMessage(UpstreamMessage message, FilterContext context) {
        String member = context.servingMember();
        if (member == null) {
            return;
        }
        UpstreamMessage.Kind kind = message.kind();
        if (kind == UpstreamMessage.Kind.REQUEST) {
            JsonNode json = message.json();
            TextNode id = json == null ? null : ServerRequestIds.wrap(member, json.get("id"));
            if (id == null) {
                message.drop(); // an id too long to carry back could never be answered
                return;
            }
            ((ObjectNode) json).set("id", id);
            message.replace((ObjectNode) json);
        } else if (kind == UpstreamMessage.Kind.NOTIFICATION) {
            CatalogKind changed = CatalogKind.ofListChanged(message.method());
            VirtualServer.Member serving = context.proxy().virtual().member(member);
            if (changed != null && serving != null) {
                context.proxy().virtual().catalog().forget(changed, serving.index());
            }
        }
    }
}
