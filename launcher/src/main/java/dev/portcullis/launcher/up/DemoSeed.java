package dev.portcullis.launcher.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The first-start content, created through the Dashboard API like any automation would: the "Mock MCP Server" proxy
 * (key authentication on {@code Authorization}) and a key for the {@code demo-agent}.
 */
public final class DemoSeed {

    public static final String PROXY_ID = "mock-mcp";
    public static final String LISTEN_PATH = "/mock-mcp/";
    public static final String KEY_ALIAS = "demo-agent";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final String controlPlaneUrl;
    private final String adminToken;
    private final String recovery;

    /**
     * @param recovery what the user can do when the control plane refuses the admin token (its database was
     *                 bootstrapped with another one); printed with the 401
     */
    public DemoSeed(String controlPlaneUrl, String adminToken, String recovery) {
        this.controlPlaneUrl = controlPlaneUrl;
        this.adminToken = adminToken;
        this.recovery = recovery;
    }

    /**
     * Creates the proxy (an existing one with the same id is kept) and a demo key; returns the key.
     */
    public String run(String mockUrl) {
        HttpResponse<String> proxy = post("/api/mcps", proxyDefinition(mockUrl));
        if (proxy.statusCode() != 200 && proxy.statusCode() != 201 && proxy.statusCode() != 409) {
            throw failure("creating the Mock MCP Server proxy", proxy);
        }
        ObjectNode key = JSON.createObjectNode();
        key.put("alias", KEY_ALIAS);
        key.putArray("proxies").add(PROXY_ID);
        HttpResponse<String> created = post("/api/keys", key);
        if (created.statusCode() != 200 && created.statusCode() != 201) {
            throw failure("creating the demo key", created);
        }
        try {
            JsonNode token = JSON.readTree(created.body()).path("key");
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new UpFailure("the control plane created the demo key but its response has no \"key\" field");
            }
            return token.asText();
        } catch (IOException e) {
            throw new UpFailure("the control plane's response to POST /api/keys is not JSON", e);
        }
    }

    /**
     * Points the seeded proxy at the mock's current address (its port may differ from the first start's). A proxy
     * the user deleted stays deleted; one changed meanwhile (412) is left for the next start.
     */
    public void alignUpstream(String mockUrl) {
        HttpResponse<String> current = send("GET", "/api/mcps/" + PROXY_ID, null, null);
        if (current.statusCode() == 404) {
            return;
        }
        if (current.statusCode() != 200) {
            throw failure("reading the Mock MCP Server proxy", current);
        }
        ObjectNode definition;
        try {
            definition = (ObjectNode) JSON.readTree(current.body());
        } catch (IOException | ClassCastException e) {
            throw new UpFailure("the control plane's response to GET /api/mcps/" + PROXY_ID + " is not a JSON object", e);
        }
        if (mockUrl.equals(definition.path("upstream").path("url").asText())) {
            return;
        }
        definition.withObject("/upstream").put("url", mockUrl);
        String etag = current.headers().firstValue("ETag").orElse("*");
        HttpResponse<String> updated = send("PUT", "/api/mcps/" + PROXY_ID, definition, etag);
        if (updated.statusCode() != 200 && updated.statusCode() != 412) {
            throw failure("pointing the Mock MCP Server proxy at " + mockUrl, updated);
        }
    }

    static ObjectNode proxyDefinition(String mockUrl) {
        ObjectNode proxy = JSON.createObjectNode();
        proxy.put("id", PROXY_ID);
        proxy.put("name", "Mock MCP Server");
        proxy.put("active", true);
        proxy.put("listenPath", LISTEN_PATH);
        proxy.putObject("upstream").put("url", mockUrl);
        ObjectNode authentication = proxy.putObject("authentication");
        authentication.put("enabled", true);
        authentication.putObject("authToken").put("enabled", true).put("header", "Authorization");
        return proxy;
    }

    private HttpResponse<String> post(String path, JsonNode body) {
        return send("POST", path, body, null);
    }

    /** A 401 means the database holds another admin token: that cannot be fixed by retrying, so it stops here. */
    private HttpResponse<String> send(String method, String path, JsonNode body, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(controlPlaneUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                throw new UpFailure("the control plane does not accept the admin token in the credentials file: its"
                        + " database was set up with another one (was the credentials file deleted or replaced?). "
                        + recovery);
            }
            return response;
        } catch (IOException e) {
            throw new UpFailure("cannot reach the control plane at " + controlPlaneUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpFailure("interrupted while seeding", e);
        }
    }

    /** The problem+json detail is safe to show (the API never echoes secrets); the admin token is never included. */
    private static UpFailure failure(String what, HttpResponse<String> response) {
        String detail = response.body() == null ? "" : response.body().strip();
        if (detail.length() > 600) {
            detail = detail.substring(0, 600) + "...";
        }
        return new UpFailure(what + " failed: " + response.request().method() + " " + response.request().uri().getPath()
                + " answered " + response.statusCode() + (detail.isEmpty() ? "" : ": " + detail));
    }
}
