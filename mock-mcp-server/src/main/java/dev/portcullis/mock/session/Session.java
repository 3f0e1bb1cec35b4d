package dev.portcullis.mock.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.http.SseStream;
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

    private final String id;
    private final String protocolVersion;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final List<SseStream> standaloneStreams = new CopyOnWriteArrayList<>();
    private final Map<String, Cancellation> inFlight = new ConcurrentHashMap<>();
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

    public int standaloneStreamCount() {
        return standaloneStreams.size();
    }

    /**
     * Sends a server notification on the newest open standalone stream (the spec has each message go on one
     * stream only). Without an open GET stream the message is dropped, as a real server without a channel would.
     */
    public boolean notifyStandalone(ObjectNode message) {
        for (int i = standaloneStreams.size() - 1; i >= 0; i--) {
            SseStream stream = standaloneStreams.get(i);
            if (stream.isOpen()) {
                stream.send(message);
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
