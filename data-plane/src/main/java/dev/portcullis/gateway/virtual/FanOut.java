package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.runtime.virtual.MemberSessions;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends one request to every member of a virtual server at once and collects what each answered. A member that
 * cannot be reached, does not answer within its upstream timeout (plus a second), or answers with no JSON-RPC
 * answer, is left out (logged).
 */
final class FanOut {

    private static final Logger LOG = Logger.getLogger(FanOut.class);
    /** The largest body of a member's answer a fan-out reads. */
    static final int MAX_BODY = 16 * 1024 * 1024;

    /** What one member answered: its status, headers, the JSON-RPC answer (null when none) and a new session. */
    record Collected(VirtualServer.Member member, HttpClientResponse response, JsonNode answer,
                     MemberSessions.Entry session) {

        JsonNode result() {
            return answer == null ? null : answer.get("result");
        }
    }

    private final MemberLegs legs;

    FanOut(MemberLegs legs) {
        this.legs = legs;
    }

    /** Sends each leg and collects the answers of those that answered, in member order. */
    Future<List<Collected>> collect(McpExchange exchange, FilterContext context, List<MemberLegs.Leg> each) {
        List<Future<Collected>> pending = new ArrayList<>(each.size());
        for (MemberLegs.Leg leg : each) {
            pending.add(one(exchange, context, leg));
        }
        return Future.join(pending).transform(done -> {
            List<Collected> out = new ArrayList<>(pending.size());
            for (Future<Collected> future : pending) {
                if (future.succeeded() && future.result() != null) {
                    out.add(future.result());
                }
            }
            return Future.succeededFuture(out);
        });
    }

    /** One leg whose answer is read whole. */
    Future<Collected> one(McpExchange exchange, FilterContext context, MemberLegs.Leg leg) {
        int idle = leg.member().proxy().timeoutMs(context.route()) + 1_000;
        MemberLegs.Sent sent = legs.send(exchange, context, leg, request -> request.idleTimeout(idle));
        return sent.response()
                .compose(response -> read(response).map(body -> {
                    JsonNode answer = MemberLegs.answer(response, body, context.route().id());
                    String session = response.getHeader(MemberLegs.SESSION);
                    // Every member that answered is in the agent's session, one without a session id of its own
                    // too: a member absent from it was not there when the session began.
                    MemberSessions.Entry entry = new MemberSessions.Entry(leg.member().id(),
                            MemberSessions.usable(session) ? session : "", sent.ticket().openedTarget());
                    return new Collected(leg.member(), response, answer, entry);
                }))
                .recover(failure -> {
                    LOG.infof("virtual server %s: member %s left out of %s: %s", context.proxy().id(),
                            leg.member().id(), context.route().method() == null ? exchange.request().method()
                                    : context.route().method(), failure.getMessage());
                    return Future.succeededFuture(null);
                });
    }

    /** A leg's whole body, at most {@value #MAX_BODY} bytes. */
    static Future<Buffer> read(HttpClientResponse response) {
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY) {
                MemberLegs.discard(response);
                read.tryFail("the member's answer is too large");
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(read::tryFail);
        response.endHandler(end -> read.tryComplete(body));
        return read.future();
    }

    /**
     * The same request to every member, each in its own session (a member without one gets none): for
     * notifications, {@code logging/setLevel}, DELETE and {@code initialize}.
     */
    static List<MemberLegs.Leg> toEach(VirtualServer server, HttpMethod method, Buffer body,
                                       Map<String, MemberSessions.Entry> sessions, boolean sessionsOnly) {
        List<MemberLegs.Leg> out = new ArrayList<>(server.members().size());
        for (VirtualServer.Member member : server.members()) {
            MemberSessions.Entry session = sessions.get(member.id());
            if ((sessionsOnly || !sessions.isEmpty()) && session == null) {
                continue; // not part of the agent's session: it did not answer when the session began
            }
            out.add(new MemberLegs.Leg(member, method, body, null, null,
                    session == null ? null : session.sessionId(), session == null ? "" : session.target()));
        }
        return out;
    }

    /** {@code message} with {@code params.cursor} set (removed when null), as bytes. */
    static Buffer withCursor(ObjectNode message, String cursor) {
        ObjectNode copy = message.deepCopy();
        ObjectNode params = copy.has("params") && copy.get("params").isObject() ? (ObjectNode) copy.get("params")
                : copy.putObject("params");
        if (cursor == null) {
            params.remove("cursor");
        } else {
            params.put("cursor", cursor);
        }
        return Buffer.buffer(Json.write(copy));
    }
}
