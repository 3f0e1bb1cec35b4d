package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.runtime.virtual.CatalogKind;
import dev.portcullis.gateway.runtime.virtual.ListMerge;
import dev.portcullis.gateway.runtime.virtual.MemberSessions;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A virtual server's lists: each member is listed in its own session, following its {@code nextCursor} (at most
 * {@value #MAX_PAGES} pages and {@value #MAX_ENTRIES} entries per member, then the rest is left out and logged),
 * and the members' items are merged into one page ({@link ListMerge}), which fills the routing table.
 */
final class Lists {

    private static final Logger LOG = Logger.getLogger(Lists.class);
    static final int MAX_PAGES = 100;
    static final int MAX_ENTRIES = 10_000;

    /** What listing gave: the merged items, and whether any member answered at all. */
    record Merged(ArrayNode items, boolean anyAnswered) {
    }

    private final FanOut fanOut;

    Lists(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    /**
     * Lists {@code kind} from every member with {@code request} (the agent's list request, or one made for it) as
     * the model of each page's request.
     */
    Future<Merged> merged(McpExchange exchange, FilterContext context, VirtualServer server, CatalogKind kind,
                          ObjectNode request, Map<String, MemberSessions.Entry> sessions) {
        List<Future<ListMerge.MemberItems>> pending = new ArrayList<>();
        for (VirtualServer.Member member : server.members()) {
            MemberSessions.Entry session = sessions.get(member.id());
            pending.add(pages(exchange, context, member, session, kind, request, null, new ArrayList<>(), 0));
        }
        return Future.join(pending).transform(done -> {
            List<ListMerge.MemberItems> lists = new ArrayList<>();
            for (Future<ListMerge.MemberItems> list : pending) {
                if (list.succeeded() && list.result() != null) {
                    lists.add(list.result());
                }
            }
            return Future.succeededFuture(new Merged(ListMerge.merge(kind, lists, server), !lists.isEmpty()));
        });
    }

    private Future<ListMerge.MemberItems> pages(McpExchange exchange, FilterContext context,
                                                VirtualServer.Member member, MemberSessions.Entry session,
                                                CatalogKind kind, ObjectNode request, String cursor,
                                                List<JsonNode> items, int page) {
        MemberLegs.Leg leg = new MemberLegs.Leg(member, HttpMethod.POST, FanOut.withCursor(request, cursor),
                kind.listMethod, null, session == null ? null : session.sessionId(),
                session == null ? "" : session.target());
        return fanOut.one(exchange, context, leg).compose(collected -> {
            if (collected == null || collected.answer() == null) {
                return page == 0 ? Future.succeededFuture(null)
                        : Future.succeededFuture(new ListMerge.MemberItems(member.index(), items));
            }
            JsonNode result = collected.result();
            JsonNode array = result == null ? null : result.get(kind.arrayField);
            if (array != null && array.isArray()) {
                for (JsonNode item : array) {
                    if (items.size() >= MAX_ENTRIES) {
                        break;
                    }
                    items.add(item);
                }
            }
            JsonNode next = result == null ? null : result.get("nextCursor");
            if (next != null && next.isTextual() && !next.textValue().isEmpty()) {
                if (page + 1 >= MAX_PAGES || items.size() >= MAX_ENTRIES) {
                    LOG.warnf("virtual server %s: %s of member %s cut at %d pages, %d entries",
                            context.proxy().id(), kind.listMethod, member.id(), page + 1, items.size());
                } else {
                    return pages(exchange, context, member, session, kind, request, next.textValue(), items,
                            page + 1);
                }
            }
            return Future.succeededFuture(new ListMerge.MemberItems(member.index(), items));
        });
    }

    /** A list request made for the agent (to fill the routing table), carrying its {@code _meta} if any. */
    static ObjectNode listRequest(ObjectNode agentMessage, CatalogKind kind) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("jsonrpc", "2.0");
        request.set("id", agentMessage.get("id"));
        request.put("method", kind.listMethod);
        ObjectNode params = request.putObject("params");
        JsonNode meta = agentMessage.path("params").get("_meta");
        if (meta != null && meta.isObject()) {
            params.set("_meta", meta.deepCopy());
        }
        return request;
    }
}
