package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.request.StandardHeaders;
import dev.portcullis.gateway.runtime.virtual.CatalogKind;
import dev.portcullis.gateway.runtime.virtual.MemberSessions;
import dev.portcullis.gateway.runtime.virtual.VirtualCatalog;
import dev.portcullis.gateway.runtime.virtual.VirtualNames;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * Routes a request naming a primitive ({@code tools/call}, {@code prompts/get}, {@code resources/*},
 * {@code completion/complete}) to the member that owns it: by the routing table, else by the one member whose
 * prefix or renames could produce the name, else after listing that kind from every member (at most once per
 * {@link VirtualCatalog#REFRESH_INTERVAL_NANOS} per kind). The name becomes the member's (in the body and in
 * {@code Mcp-Name}); a resource URI stays as it is. An unknown name is answered as a server would.
 */
final class Routing {

    /** Where a routed request goes: the member and the name it has there. */
    record Target(VirtualServer.Member member, String memberName) {
    }

    private final Lists lists;
    private final LegRelay relay;

    Routing(Lists lists, LegRelay relay) {
        this.lists = lists;
        this.relay = relay;
    }

    void route(McpExchange exchange, FilterContext context, VirtualServer server,
               Map<String, MemberSessions.Entry> sessions) {
        McpRoute route = context.route();
        ObjectNode message = (ObjectNode) SseAnswers.parse(exchange.body().toString());
        resolve(exchange, context, server, sessions, message, true).onSuccess(target -> {
            if (target == null) {
                ErrorResponses.send(context.observation(), route.id(), unknown(route));
                return;
            }
            MemberSessions.Entry session = sessions.get(target.member().id());
            if (session == null && !sessions.isEmpty()) {
                ErrorResponses.send(context.observation(), route.id(),
                        VirtualErrors.memberNotInSession(target.member().id()));
                return;
            }
            boolean renamed = route.primitiveType() != PrimitiveType.RESOURCE;
            Buffer body = renamed ? renamedBody(message, route, target.memberName()) : exchange.body();
            // A URI is not renamed: the agent's Mcp-Name (checked against the body) goes on as it came.
            String name = renamed ? target.memberName() : exchange.request().getHeader(StandardHeaders.NAME);
            relay.send(exchange, context, new MemberLegs.Leg(target.member(), HttpMethod.POST, body, route.method(),
                    name, session == null ? null : session.sessionId(),
                    session == null ? "" : session.target()));
        });
    }

    private Future<Target> resolve(McpExchange exchange, FilterContext context, VirtualServer server,
                                   Map<String, MemberSessions.Entry> sessions, ObjectNode message, boolean refresh) {
        McpRoute route = context.route();
        Target found = lookup(server, route.primitiveType(), route.primitiveName());
        if (found != null || !refresh) {
            return Future.succeededFuture(found);
        }
        List<CatalogKind> kinds = route.primitiveType() == PrimitiveType.TOOL ? List.of(CatalogKind.TOOLS)
                : route.primitiveType() == PrimitiveType.PROMPT ? List.of(CatalogKind.PROMPTS)
                : List.of(CatalogKind.RESOURCES, CatalogKind.RESOURCE_TEMPLATES);
        if (!server.catalog().mayRefresh(kinds.get(0), System.nanoTime())) {
            return Future.succeededFuture(null);
        }
        Future<?> listed = Future.succeededFuture();
        for (CatalogKind kind : kinds) {
            listed = listed.compose(done -> lists.merged(exchange, context, server, kind,
                    Lists.listRequest(message, kind), sessions));
        }
        return listed.transform(done -> Future.succeededFuture(
                lookup(server, route.primitiveType(), route.primitiveName())));
    }

    /** The owner by the routing table, else by the names the members' prefixes and renames could produce. */
    static Target lookup(VirtualServer server, PrimitiveType type, String name) {
        if (type == PrimitiveType.RESOURCE) {
            VirtualNames.Owner template = server.catalog().find(CatalogKind.RESOURCE_TEMPLATES, name);
            int owner = template != null ? template.member() : server.catalog().resourceOwner(name);
            return owner < 0 ? null : new Target(server.member(owner), name);
        }
        CatalogKind kind = type == PrimitiveType.TOOL ? CatalogKind.TOOLS : CatalogKind.PROMPTS;
        VirtualNames.Owner owner = server.catalog().find(kind, name);
        if (owner == null) {
            owner = server.names().onlyCandidate(type == PrimitiveType.PROMPT, name);
        }
        return owner == null ? null : new Target(server.member(owner.member()), owner.memberName());
    }

    private static GatewayError unknown(McpRoute route) {
        return switch (route.primitiveType()) {
            case TOOL -> VirtualErrors.unknownName("tool", route.primitiveName());
            case PROMPT -> VirtualErrors.unknownName("prompt", route.primitiveName());
            default -> VirtualErrors.unknownResource();
        };
    }

    /** The agent's request with the member's name for the primitive ({@code params.name} or {@code params.ref.name}). */
    private static Buffer renamedBody(ObjectNode message, McpRoute route, String memberName) {
        ObjectNode params = (ObjectNode) message.get("params");
        JsonNode ref = params.get("ref");
        if ("completion/complete".equals(route.method()) && ref instanceof ObjectNode reference) {
            reference.put("name", memberName);
        } else {
            params.put("name", memberName);
        }
        return Buffer.buffer(Json.write(message));
    }
}
