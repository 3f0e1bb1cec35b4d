package dev.portcullis.mock.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.http.SseStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One MCP session, created by {@code initialize} and ended by {@code DELETE /mcp} or server stop. Holds what the
 * session negotiated, its resource subscriptions, its open standalone GET streams and its in-flight requests.
 */
public final class Session {

    /** How many standalone messages a session keeps for resumption. */
    static final int HISTORY = 256;
    private static final String EVENT_ID_PREFIX = "g";

    private final String id;
    private final String protocolVersion;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final List<SseStream> standaloneStreams = new CopyOnWriteArrayList<>();
    private final Map<String, Cancellation> inFlight = new ConcurrentHashMap<>();
    /** The standalone messages sent lately, by sequence, for a GET stream that resumes with Last-Event-ID. */
    private final Deque<ObjectNode> history = new ArrayDeque<>();
    private long standaloneSequence;
    private volatile String logLevel = "info";
    private volatile boolean initialized;

    Session(String id, String protocolVersion) {
        this.id = id;
        this.protocolVersion = protocolVersion;
    }

    public String id() {
        return id;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public String logLevel() {
        return logLevel;
    }

    public void logLevel(String level) {
        this.logLevel = level;
    }

    public boolean initialized() {
        return initialized;
    }

    public void markInitialized() {
        this.initialized = true;
    }

    public void subscribe(String uri) {
        subscriptions.add(uri);
    }

    public void unsubscribe(String uri) {
        subscriptions.remove(uri);
    }

    public boolean isSubscribed(String uri) {
        return subscriptions.contains(uri);
    }

    public void addStandaloneStream(SseStream stream) {
        standaloneStreams.add(stream);
        stream.onClose(() -> standaloneStreams.remove(stream));
    }

    /**
     * Opens a standalone stream that resumes after {@code lastEventId} (a {@code g<n>} id this session gave): the
     * messages sent after it, including those sent while no stream was open, are sent again first, in order.
     *
     * @return false when the id is not one this session can resume from (unknown, or too old to be kept)
     */
    public synchronized boolean resumeStandaloneStream(SseStream stream, String lastEventId) {
        long after = sequenceOf(lastEventId);
        long oldest = standaloneSequence - history.size();
        if (after < 0 || after > standaloneSequence || after < oldest) {
            return false;
        }
        long sequence = oldest;
        for (ObjectNode message : history) {
            sequence++;
            if (sequence > after) {
                stream.send(message, EVENT_ID_PREFIX + sequence);
            }
        }
        addStandaloneStream(stream);
        return true;
    }

    private static long sequenceOf(String eventId) {
        if (eventId == null || !eventId.startsWith(EVENT_ID_PREFIX) || eventId.length() > 20) {
            return -1;
        }
        try {
            return Long.parseLong(eventId.substring(EVENT_ID_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public int standaloneStreamCount() {
        return standaloneStreams.size();
    }

    /**
     * Sends a server notification on the newest open standalone stream (the spec has each message go on one
     * stream only), with the event id {@code g<n>} of the session's standalone sequence. The last
     * {@value #HISTORY} messages are kept, so a stream that reconnects with {@code Last-Event-ID} gets what it
     * missed; without an open GET stream the message waits there for one that resumes.
     */
    public synchronized boolean notifyStandalone(ObjectNode message) {
        standaloneSequence++;
        history.addLast(message);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        for (int i = standaloneStreams.size() - 1; i >= 0; i--) {
            SseStream stream = standaloneStreams.get(i);
            if (stream.isOpen()) {
                stream.send(message, EVENT_ID_PREFIX + standaloneSequence);
                return true;
            }
        }
        return false;
    }

    /** Tracks a request until it completes so {@code notifications/cancelled} can stop it. */
    public void track(JsonNode requestId, Cancellation cancellation) {
        inFlight.put(requestId.toString(), cancellation);
    }

    public void untrack(JsonNode requestId) {
        inFlight.remove(requestId.toString());
    }

    public void cancelRequest(JsonNode requestId) {
        Cancellation cancellation = inFlight.remove(requestId.toString());
        if (cancellation != null) {
            cancellation.cancel();
        }
    }

    /** Ends every stream and cancels every in-flight request. Event loop only. */
    void close() {
        List.copyOf(inFlight.values()).forEach(Cancellation::cancel);
        inFlight.clear();
        List.copyOf(standaloneStreams).forEach(SseStream::end);
        standaloneStreams.clear();
    }
}
