package dev.portcullis.mock.http;

import static dev.portcullis.mock.http.HttpReplies.SESSION_HEADER;

import dev.portcullis.mock.rpc.ErrorCodes;
import dev.portcullis.mock.session.Session;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /mcp}: the session's standalone SSE stream for server-initiated messages. It stays open, gets a
 * {@code : ping} comment every heartbeat interval, and ends on session delete or server stop. A GET with
 * {@code Last-Event-ID} resumes the session's standalone messages after that id (see
 * {@link Session#resumeStandaloneStream}); an id it cannot resume from ends the new stream at once.
 */
final class StandaloneStreams {

    private final Vertx vertx;
    private final SessionGate gate;
    private final Duration heartbeat;

    StandaloneStreams(Vertx vertx, SessionGate gate, Duration heartbeat) {
        this.vertx = vertx;
        this.gate = gate;
        this.heartbeat = heartbeat;
    }

    void open(HttpServerRequest request) {
        if (!AcceptHeader.parse(request.getHeader("Accept")).eventStream()) {
            HttpReplies.rpcError(request.response(), 406, null, ErrorCodes.INVALID_REQUEST,
                    "Not Acceptable: GET /mcp needs Accept: text/event-stream");
            return;
        }
        Optional<Session> session = gate.check(request);
        if (session.isEmpty()) {
            return;
        }
        String lastEventId = request.getHeader("Last-Event-ID");
        SseStream stream = SseStream.open(request.response().putHeader(SESSION_HEADER, session.get().id()));
        // A first comment tells clients (and gateways in between) the stream is live before any event exists.
        stream.comment("stream open");
        long timer = vertx.setPeriodic(heartbeat.toMillis(), ignored -> stream.comment("ping"));
        stream.onClose(() -> vertx.cancelTimer(timer));
        if (lastEventId == null) {
            session.get().addStandaloneStream(stream);
        } else if (!session.get().resumeStandaloneStream(stream, lastEventId.trim())) {
            stream.end(); // nothing to resume from: the client starts over with a fresh stream
        }
    }
}
