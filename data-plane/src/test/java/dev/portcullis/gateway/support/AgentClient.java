package dev.portcullis.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** An agent speaking Streamable HTTP to the gateway, with the JDK HTTP client (HTTP/1.1, or HTTP/2 over TLS). */
public final class AgentClient {

    public static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private final HttpClient http;
    private final String baseUrl;

    public AgentClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An agent speaking {@code version} over TLS with {@code tls} (its trust and its client certificate). */
    public AgentClient(String baseUrl, javax.net.ssl.SSLContext tls, HttpClient.Version version) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(version).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public HttpClient http() {
        return http;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    }

    /** POSTs {@code body}; {@code headers} are name/value pairs. */
    public HttpResponse<String> post(String path, String body, String... headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.put("Accept", ACCEPT_BOTH);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        all.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs initialize + notifications/initialized and returns the session id. */
    public String initialize(String path, String... headers) throws IOException, InterruptedException {
        HttpResponse<String> init = post(path, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"gateway-it","version":"1"}}}""", headers);
        if (init.statusCode() != 200) {
            throw new IllegalStateException("initialize failed: " + init.statusCode() + " " + init.body());
        }
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String[] withSession = append(headers, "Mcp-Session-Id", session);
        HttpResponse<String> initialized = post(path, """
                {"jsonrpc":"2.0","method":"notifications/initialized"}""", withSession);
        if (initialized.statusCode() != 202) {
            throw new IllegalStateException("initialized failed: " + initialized.statusCode());
        }
        return session;
    }

    /** The JSON-RPC message of a response, whether it came as JSON or as the last SSE {@code data:} line. */
    public static JsonNode message(HttpResponse<String> response) throws IOException {
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            String last = null;
            for (String line : body.split("\n")) {
                if (line.startsWith("data:")) {
                    last = line.substring(5).strip();
                }
            }
            body = last;
        }
        return Json.mapper().readTree(body);
    }

    public static String[] append(String[] headers, String... more) {
        String[] all = new String[headers.length + more.length];
        System.arraycopy(headers, 0, all, 0, headers.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
