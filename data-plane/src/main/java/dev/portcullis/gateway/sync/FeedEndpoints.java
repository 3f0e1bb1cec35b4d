package dev.portcullis.gateway.sync;

import dev.portcullis.gateway.config.GatewaySettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One control plane's feed URLs for this gateway (ADR 0001, "Configuration feed").
 *
 * @param base the control plane's base URL as configured, for logs
 */
record FeedEndpoints(URI base, String stream, String snapshot, String reports, String authorization) {

    /**
     * One entry per configured control-plane URL, in the configured order.
     *
     * @param encryptionKey the gateway's X25519 public key, base64url X.509 (ADR 0002); null sends none
     */
    static List<FeedEndpoints> all(GatewaySettings settings, String encryptionKey) {
        String query = "?gatewayId=" + encode(settings.gatewayId()) + "&tags=" + encode(settings.tagsParameter())
                + (encryptionKey == null ? "" : "&encryptionKey=" + encode(encryptionKey));
        String authorization = settings.gatewayToken().map(token -> "Bearer " + token).orElse(null);
        return settings.controlPlaneUrls().stream().map(url -> {
            String base = url.toString();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return new FeedEndpoints(url, base + "/feed/v1/stream" + query, base + "/feed/v1/snapshot" + query,
                    base + "/feed/v1/reports", authorization);
        }).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "FeedEndpoints[" + stream + "]";
    }
}
