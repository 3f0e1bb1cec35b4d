package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.UpstreamSession;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.runtime.virtual.MemberSessions;
import dev.portcullis.gateway.runtime.virtual.ServerRequestIds;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;

/**
 * Where the virtual server answers a member's request to the agent in the agent's place (a request the consumer's
 * method rules deny): the error goes to the member named in the rewritten id, in its session, with its own id.
 */
record MemberAnswers(FanOut fanOut, McpExchange exchange, FilterContext context, VirtualServer server,
                     Map<String, MemberSessions.Entry> sessions) implements UpstreamSession {

    @Override
    public void answer(JsonNode id, GatewayError error) {
        ServerRequestIds.Origin origin = ServerRequestIds.unwrap(id);
        VirtualServer.Member member = origin == null ? null : server.member(origin.member());
        if (member == null) {
            return;
        }
        MemberSessions.Entry session = sessions.get(member.id());
        fanOut.one(exchange, context, new MemberLegs.Leg(member, HttpMethod.POST,
                ErrorResponses.body(origin.id(), error), null, null,
                session == null ? null : session.sessionId(), session == null ? "" : session.target()));
    }
}
