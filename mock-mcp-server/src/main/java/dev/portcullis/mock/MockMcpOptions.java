package dev.portcullis.mock;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link MockMcpServer} behaves.
 *
 * @param host              interface to bind, e.g. {@code 127.0.0.1}
 * @param port              TCP port; 0 picks a free one (read it back with {@link MockMcpServer#port()})
 * @param pageSize          page size of the list methods; 0 means no pagination (everything in one page)
 * @param sseMode           when a POST is answered as {@code text/event-stream}
 * @param heartbeatInterval how often a standalone GET stream receives a {@code : ping} comment
 */
public record MockMcpOptions(String host, int port, int pageSize, SseMode sseMode, Duration heartbeatInterval) {

    public static final int DEFAULT_PORT = 7878;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    /** When POST requests are answered with an SSE stream (if the client's Accept allows it). */
    public enum SseMode {
        /** Only streaming tools ({@code slow_response}) answer as SSE. */
        STREAMING_TOOLS,
        /** Every request answers as SSE. */
        ALWAYS
    }

    public MockMcpOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sseMode, "sseMode");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (pageSize < 0) {
            throw new IllegalArgumentException("pageSize must be >= 0, got " + pageSize);
        }
        if (heartbeatInterval.toMillis() < 1) {
            throw new IllegalArgumentException("heartbeatInterval must be at least 1 ms");
        }
    }

    public static MockMcpOptions defaults(String host, int port) {
        return new MockMcpOptions(host, port, 0, SseMode.STREAMING_TOOLS, DEFAULT_HEARTBEAT);
    }

    /**
     * Reads {@code PORTCULLIS_BIND_HOST} (default 0.0.0.0), {@code MOCK_MCP_PORT} (default 7878),
     * {@code MOCK_MCP_PAGE_SIZE} (default 0, no pagination) and {@code MOCK_MCP_SSE} ({@code always} or unset).
     */
    public static MockMcpOptions fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault("PORTCULLIS_BIND_HOST", "0.0.0.0");
        int port = intSetting(env, "MOCK_MCP_PORT", DEFAULT_PORT);
        int pageSize = intSetting(env, "MOCK_MCP_PAGE_SIZE", 0);
        String sse = env.getOrDefault("MOCK_MCP_SSE", "");
        SseMode mode = "always".equalsIgnoreCase(sse.trim()) ? SseMode.ALWAYS : SseMode.STREAMING_TOOLS;
        return new MockMcpOptions(host, port, pageSize, mode, DEFAULT_HEARTBEAT);
    }

    public MockMcpOptions withPort(int newPort) {
        return new MockMcpOptions(host, newPort, pageSize, sseMode, heartbeatInterval);
    }

    public MockMcpOptions withPageSize(int newPageSize) {
        return new MockMcpOptions(host, port, newPageSize, sseMode, heartbeatInterval);
    }

    public MockMcpOptions withSseMode(SseMode newMode) {
        return new MockMcpOptions(host, port, pageSize, newMode, heartbeatInterval);
    }

    public MockMcpOptions withHeartbeatInterval(Duration interval) {
        return new MockMcpOptions(host, port, pageSize, sseMode, interval);
    }

    private static int intSetting(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
        }
    }
}
