package dev.portcullis.launcher.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether a gateway reports serving the control plane's current configuration version (from {@code /api/gateways}
 * and the ETag of {@code /api/config/versions}). {@code up} asks this before its first request through the gateway,
 * so the check that the demo key works is not recorded in Monitoring as a 401 for a key the gateway did not know yet.
 */
final class GatewayCatchUp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String controlPlaneUrl;
    private final String adminToken;

    GatewayCatchUp(String controlPlaneUrl, String adminToken) {
        this.controlPlaneUrl = controlPlaneUrl;
        this.adminToken = adminToken;
    }

    /** True when {@code gatewayId} has applied the current version; false when it has not, or on any failure. */
    boolean caughtUp(String gatewayId) {
        try {
            HttpResponse<Void> versions = http.send(get("/api/config/versions?size=1"),
                    HttpResponse.BodyHandlers.discarding());
            String etag = versions.headers().firstValue("ETag").orElse("").replace("\"", "").replace("W/", "");
            if (versions.statusCode() != 200 || etag.isBlank()) {
                return false;
            }
            long current = Long.parseLong(etag.trim());
            HttpResponse<String> gateways = http.send(get("/api/gateways"), HttpResponse.BodyHandlers.ofString());
            if (gateways.statusCode() != 200) {
                return false;
            }
            for (JsonNode gateway : JSON.readTree(gateways.body())) {
                if (gatewayId.equals(gateway.path("id").asText()) && gateway.path("appliedVersion").asLong(-1) >= current) {
                    return true;
                }
            }
            return false;
        } catch (IOException | NumberFormatException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(controlPlaneUrl + path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + adminToken).GET().build();
    }
}
