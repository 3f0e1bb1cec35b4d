package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Maps {@code server.authentication} of a Tyk OAS API. Tyk names its schemes in
 * {@code authentication.securitySchemes}, each keyed like an OpenAPI {@code components.securitySchemes} entry that
 * says what it is: an {@code apiKey} scheme is Tyk's auth token, which becomes Portcullis keys read from the same
 * header. Other schemes (JWT, OAuth, basic, HMAC, custom plugins) are listed as not imported: the proxy then takes
 * Portcullis keys in {@code Authorization}, and JWT or introspection can be set in the designer. Authentication off
 * in Tyk (or absent, which Tyk treats as keyless) is off here too.
 */
final class TykAuthentication {

    private static final String PATH = TykApiDefinition.EXTENSION + ".server.authentication";
    private static final Set<String> HANDLED = Set.of("enabled", "securitySchemes", "stripAuthorizationData");
    private static final Map<String, String> REASONS = Map.of(
            "hmac", "HMAC request signing is not supported",
            "oidc", "configure JWT validation (authentication.jwt) in the designer instead",
            "custom", "custom authentication plugins are not supported",
            "customKeyLifetime", "keys carry their own expiresAt",
            "baseIdentityProvider", "each request is authenticated by the first scheme that accepts it",
            "securityProcessingMode", "each request is authenticated by the first scheme that accepts it",
            "security", "each request is authenticated by the first scheme that accepts it");

    private TykAuthentication() {
    }

    static void map(ObjectNode doc, ObjectNode tyk, ImportNotes notes, ObjectNode out) {
        JsonNode enabled = tyk == null ? null : tyk.get("enabled");
        if (enabled != null && !enabled.isBoolean() && !enabled.isNull()) {
            // Read as false it would import the API with authentication off, and say nothing.
            notes.error(PATH + ".enabled", "must be true or false");
            return;
        }
        if (enabled == null || enabled.isNull() || !enabled.asBoolean()) {
            out.putObject("authentication").put("enabled", false);
            return;
        }
        ObjectNode authentication = out.putObject("authentication");
        authentication.put("enabled", true);
        ObjectNode schemes = TykJson.object(tyk, "securitySchemes");
        ObjectNode declared = TykJson.object(TykJson.object(doc, "components"), "securitySchemes");
        String header = null;
        if (schemes != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schemes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> scheme = it.next();
                String path = PATH + ".securitySchemes." + scheme.getKey();
                if (!scheme.getValue().path("enabled").asBoolean(false)) {
                    continue;
                }
                JsonNode openApi = declared == null ? null : declared.get(scheme.getKey());
                String type = openApi == null ? null : openApi.path("type").asText(null);
                if ("apiKey".equals(type) && header == null) {
                    header = keyHeader(scheme.getValue(), openApi, path, notes);
                } else {
                    notes.ignored(path, "only Tyk auth tokens (apiKey schemes) are imported, as Portcullis keys;"
                            + " set JWT or introspection in the designer if agents use " + scheme.getKey());
                }
            }
        }
        if (header == null) {
            notes.ignored(PATH + ".securitySchemes", "no auth token scheme was found: agents need a Portcullis key"
                    + " in Authorization");
        } else {
            authentication.putObject("authToken").put("enabled", true).put("header", header);
        }
        notes.rest(tyk, PATH, HANDLED, REASONS, "not supported by Portcullis");
    }

    /** The header keys are read from: Tyk's {@code header.name}, else the OpenAPI scheme's {@code name}. */
    private static String keyHeader(JsonNode tyk, JsonNode openApi, String path, ImportNotes notes) {
        JsonNode header = tyk.get("header");
        String in = openApi.path("in").asText("header");
        String name = header != null && header.path("enabled").asBoolean(true) && header.hasNonNull("name")
                ? header.get("name").asText() : "header".equals(in) ? openApi.path("name").asText(null) : null;
        notes.ignore(path + ".query", tyk.get("query"), "keys are read from a header only");
        notes.ignore(path + ".cookie", tyk.get("cookie"), "keys are read from a header only");
        notes.refuseLooser(path + ".enableClientCertificate", tyk.get("enableClientCertificate"),
                "bind client certificates to keys (certificateFingerprints) after importing");
        notes.refuseLooser(path + ".signatureValidation", tyk.get("signatureValidation"),
                "request signatures are not supported");
        return name == null ? "Authorization" : name;
    }
}
