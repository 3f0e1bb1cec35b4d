package dev.portcullis.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Dashboard API as automation sees it: bearer admin token, JSON in and out. */
public final class DashboardApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String adminToken;

    public DashboardApi(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    /** A proxy in front of {@code upstreamUrl} with key authentication on the Authorization header. */
    public JsonNode createProxy(String id, String listenPath, String upstreamUrl) {
        ObjectNode proxy = JSON.createObjectNode();
        proxy.put("id", id).put("name", id).put("listenPath", listenPath);
        proxy.putObject("upstream").put("url", upstreamUrl);
        ObjectNode authentication = proxy.putObject("authentication").put("enabled", true);
        authentication.putObject("authToken").put("enabled", true).put("header", "Authorization");
        return createProxy(proxy);
    }

    public JsonNode createProxy(JsonNode definition) {
        return expect(201, send("POST", "/api/mcps", definition.toString(), Map.of()));
    }

    /** Creates a key and returns the response, which holds the key itself ({@code key}) this one time. */
    public JsonNode createKey(String alias, List<String> proxies) {
        ObjectNode body = JSON.createObjectNode().put("alias", alias);
        proxies.forEach(body.putArray("proxies")::add);
        return expect(201, send("POST", "/api/keys", body.toString(), Map.of()));
    }

    public JsonNode createKey(ObjectNode body) {
        return expect(201, send("POST", "/api/keys", body.toString(), Map.of()));
    }

    public void revokeKey(String id) {
        expect(204, send("DELETE", "/api/keys/" + id, null, Map.of()));
    }

    public JsonNode gateways() {
        return expect(200, send("GET", "/api/gateways", null, Map.of()));
    }

    public JsonNode gateway(String id) {
        for (JsonNode gateway : items(gateways())) {
            if (id.equals(gateway.path("id").asText())) {
                return gateway;
            }
        }
        return null;
    }

    /** Accepts a bare array or an {@code {"items": [...]}} page. */
    public static Iterable<JsonNode> items(JsonNode list) {
        return list.isArray() ? list : list.path("items");
    }

    /** A raw call with the admin token, for the error cases. */
    public Response send(String method, String path, String body, Map<String, String> headers) {
        return sendAs("Bearer " + adminToken, method, path, body, headers);
    }

    /** A raw call with any Authorization value (null for none). */
    public Response sendAs(String authorization, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /** A response whose body may be JSON. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            if (body == null || body.isBlank()) {
                return JSON.nullNode();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }
    }
}
