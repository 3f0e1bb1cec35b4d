package dev.portcullis.gateway.virtual;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.framing.Framer;
import dev.portcullis.gateway.framing.SseFields;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream to the agent from every member's stream: the GET stream of each member session (2025-11-25) or each
 * member's {@code subscriptions/listen} answer (2026-07-28). Members that answer without a stream (405, an error)
 * are skipped; when none streams, the agent gets the first member's refusal status (405 for a GET). Each message
 * walks the virtual server's steps backward as the member's (its requests get the member's ids, notifications the
 * consumer may not see are dropped), and is written to the agent as soon as it is complete, in the framing of the
 * first stream; members' SSE event ids are dropped (a merged stream cannot be resumed), so a reconnecting agent
 * starts a new stream. The agent's stream ends when every member's has.
 */
final class StreamMerge {

    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final MemberLegs legs;

    StreamMerge(MemberLegs legs) {
        this.legs = legs;
    }

    void merge(McpExchange exchange, FilterContext context, List<MemberLegs.Leg> each, boolean listen) {
        RequestObservation observation = context.observation();
        List<HttpClientRequest> sent = new ArrayList<>();
        observation.onAgentGone(() -> sent.forEach(MemberLegs::discard));
        List<Future<HttpClientResponse>> pending = new ArrayList<>();
        for (MemberLegs.Leg leg : each) {
            pending.add(legs.send(exchange, context, leg, sent::add).response());
        }
        Future.join(pending).onComplete(done -> {
            List<HttpClientResponse> streams = new ArrayList<>();
            List<MemberLegs.Leg> streaming = new ArrayList<>();
            int refusal = 0;
            for (int i = 0; i < pending.size(); i++) {
                Future<HttpClientResponse> future = pending.get(i);
                if (future.failed()) {
                    continue;
                }
                HttpClientResponse response = future.result();
                McpResponse shape = new McpResponse(response.statusCode(), response.headers(), listen);
                if (response.statusCode() == 200 && shape.framing() != McpResponse.Framing.WHOLE) {
                    streams.add(response);
                    streaming.add(each.get(i));
                } else {
                    refusal = refusal == 0 ? response.statusCode() : refusal;
                    MemberLegs.discard(response);
                }
            }
            if (streams.isEmpty()) {
                if (refusal == 0) {
                    ErrorResponses.send(observation, context.route().id(), VirtualErrors.noMemberAnswered());
                } else {
                    LocalAnswers.empty(context, refusal);
                }
                return;
            }
            start(exchange, context, streams, streaming, listen);
        });
    }

    private static void start(McpExchange exchange, FilterContext context, List<HttpClientResponse> streams,
                              List<MemberLegs.Leg> members, boolean listen) {
        RequestObservation observation = context.observation();
        HttpServerResponse agent = exchange.request().response();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("Content-Type", streams.get(0).getHeader("Content-Type"))
                .set("Cache-Control", "no-cache");
        McpResponse head = new McpResponse(200, headers, listen);
        if (!FilterChain.onResponse(head, context)) {
            streams.forEach(MemberLegs::discard);
            ErrorResponses.send(observation, context.route().id(), GatewayErrors.internalError());
            return;
        }
        boolean events = head.framing() == McpResponse.Framing.EVENTS;
        if (agent.closed()) {
            streams.forEach(MemberLegs::discard);
            return;
        }
        agent.setStatusCode(200);
        agent.headers().setAll(head.headers()); // replaces every header: chunked is set after it
        agent.setChunked(true);
        agent.writeHead();
        int[] open = {streams.size()};
        for (int i = 0; i < streams.size(); i++) {
            HttpClientResponse stream = streams.get(i);
            String member = members.get(i).member().id();
            boolean memberEvents = new McpResponse(200, stream.headers(), listen).framing()
                    == McpResponse.Framing.EVENTS;
            Framer framer = new Framer(memberEvents ? Framer.Mode.EVENTS : Framer.Mode.LINES, MAX_FRAME,
                    Framer.Overflow.FAIL, frame -> relay(context, agent, member, frame, memberEvents, events));
            stream.handler(chunk -> {
                framer.feed(chunk);
                if (agent.writeQueueFull()) {
                    streams.forEach(HttpClientResponse::pause);
                    agent.drainHandler(drained -> streams.forEach(HttpClientResponse::resume));
                }
            });
            Runnable ended = () -> {
                if (--open[0] == 0 && !observation.answered()) {
                    observation.end();
                }
            };
            stream.endHandler(end -> ended.run());
            stream.exceptionHandler(error -> ended.run());
        }
    }

    private static void relay(FilterContext context, HttpServerResponse agent, String member, Buffer frame,
                              boolean memberEvents, boolean events) {
        String data;
        if (memberEvents) {
            data = SseFields.parse(frame).data();
        } else {
            data = frame.toString().strip();
        }
        if (data == null || data.isBlank() || agent.closed()) {
            return;
        }
        UpstreamMessage message = new UpstreamMessage(data, null, null, false);
        context.servingMember(member);
        boolean readable = FilterChain.onMessage(message, context);
        context.servingMember(null);
        if (!readable || message.dropped()) {
            return;
        }
        Buffer json = message.replaced() ? Buffer.buffer(Json.write(message.json())) : Buffer.buffer(data);
        agent.write(events ? Buffer.buffer("event: message\ndata: ").appendBuffer(json).appendString("\n\n")
                : json.appendString("\n"));
    }
}
