package dev.portcullis.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A bare java.net.http client speaking just enough Streamable HTTP to probe the transport's edges. */
final class RawMcpClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    RawMcpClient(String url) {
        this.endpoint = URI.create(url);
    }

    URI endpoint() {
        return endpoint;
    }

    static String initializeBody(String version) {
        return """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",
                 "capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}""".formatted(version);
    }

    /** Initializes a session and returns its id. */
    String initialize() {
        HttpResponse<String> response = post(null, initializeBody("2025-11-25"));
        String id = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return id;
    }

    HttpResponse<String> post(String sessionId, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(withHeaders(request, sessionId, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> request(String method, String sessionId, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        return send(withHeaders(request, sessionId, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens {@code GET /mcp} as an event stream; its lines are collected as they arrive. */
    OpenStream openStream(String sessionId, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Accept", "text/event-stream").GET();
        HttpResponse<Stream<String>> response =
                send(withHeaders(request, sessionId, headers), HttpResponse.BodyHandlers.ofLines());
        return OpenStream.collect(response);
    }

    /** Sends a POST whose answer is an event stream and collects its lines as they arrive. */
    OpenStream postStreaming(String sessionId, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").header("Accept", ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return OpenStream.collect(send(withHeaders(request, sessionId), HttpResponse.BodyHandlers.ofLines()));
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String sessionId, String... headers) {
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event-stream response being read on a background thread. */
    record OpenStream(HttpResponse<Stream<String>> response, List<String> lines, Thread reader) {

        static OpenStream collect(HttpResponse<Stream<String>> response) {
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (Stream<String> body = response.body()) {
                    body.forEach(lines::add);
                } catch (RuntimeException e) {
                    lines.add("!error " + e.getClass().getSimpleName());
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
            return new OpenStream(response, lines, reader);
        }

        boolean hasEnded() {
            return !reader.isAlive();
        }

        /** The JSON of every {@code data:} line so far. */
        List<JsonNode> messages() {
            return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> json(l.substring(6))).toList();
        }

        void cancel() {
            response.body().close();
            reader.interrupt();
        }
    }
}
