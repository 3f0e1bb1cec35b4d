package dev.portcullis.gateway.sync;

import dev.portcullis.gateway.config.GatewaySettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The control plane's feed URLs for this gateway (ADR 0001, "Configuration feed"). */
record FeedEndpoints(String stream, String snapshot, String reports, String authorization) {

    static FeedEndpoints of(GatewaySettings settings) {
        return of(settings, null);
    }

    /** @param encryptionKey the gateway's X25519 public key, base64url X.509 (ADR 0002); null sends none */
    static FeedEndpoints of(GatewaySettings settings, String encryptionKey) {
        String base = settings.controlPlaneUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String query = "?gatewayId=" + encode(settings.gatewayId()) + "&tags=" + encode(settings.tagsParameter())
                + (encryptionKey == null ? "" : "&encryptionKey=" + encode(encryptionKey));
        return new FeedEndpoints(base + "/feed/v1/stream" + query, base + "/feed/v1/snapshot" + query,
                base + "/feed/v1/reports", settings.gatewayToken().map(token -> "Bearer " + token).orElse(null));
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
