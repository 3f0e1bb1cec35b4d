package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Maps one Tyk OAS middleware entry (an {@code operations}, {@code mcpTools}, {@code mcpResources} or
 * {@code mcpPrompts} value, or {@code middleware.global}) to Portcullis's {@code Middleware} /
 * {@code GlobalMiddleware} shape. Tyk switches are objects with {@code enabled}; an entry that is off maps to
 * nothing.
 */
final class TykMiddleware {

    private static final Set<String> ENTRY_FIELDS = Set.of("allow", "block", "ignoreAuthentication", "rateLimit",
            "circuitBreaker", "enforceTimeout", "requestSizeLimit", "transformRequestHeaders",
            "transformResponseHeaders", "trackEndpoint", "doNotTrackEndpoint", "mockResponse");
    private static final Map<String, String> ENTRY_REASONS = Map.ofEntries(
            Map.entry("allow", "ignoreCase is not supported: names match exactly"),
            Map.entry("transformRequestBody", "body transforms are not supported on MCP messages"),
            Map.entry("transformResponseBody", "body transforms are not supported on MCP messages"),
            Map.entry("transformRequestMethod", "MCP requests are always POST"),
            Map.entry("urlRewrite", "MCP uses one endpoint; there is no URL to rewrite"),
            Map.entry("cache", "answers are never cached"),
            Map.entry("validateRequest", "JSON-RPC messages are validated by the gateway itself"),
            Map.entry("virtualEndpoint", "custom code (virtual endpoints) is not supported"),
            Map.entry("postPlugins", "custom plugins are not supported"),
            Map.entry("internal", "internal endpoints are not supported: block the entry instead"),
            Map.entry("scopeCheck", "set requiredScopes on the entry for OAuth scope checks"),
            Map.entry("security", "set requiredScopes on the entry for OAuth scope checks"),
            Map.entry("exchange", "token exchange is not supported"));

    /** Entry fields that restrict access: refused rather than left behind. */
    private static final Set<String> ENTRY_LOOSER = Set.of("internal", "scopeCheck", "security");
    private static final Set<String> GLOBAL_FIELDS = Set.of("transformRequestHeaders", "transformResponseHeaders",
            "trafficLogs", "requestSizeLimit", "cors");
    private static final Map<String, String> GLOBAL_REASONS = Map.of(
            "cache", "answers are never cached",
            "contextVariables", "context variables are always available to transforms that use them",
            "skipRateLimit", "per-key limits come from policies",
            "skipQuota", "per-key quotas come from policies",
            "ignoreCase", "names and paths match exactly");

    private TykMiddleware() {
    }

    /** The Portcullis middleware for one entry; an empty object when the entry does nothing Portcullis can do. */
    static ObjectNode entry(ObjectNode tyk, String path, ImportNotes notes) {
        ObjectNode out = Json.mapper().createObjectNode();
        if (TykJson.enabled(tyk.get("allow"))) {
            out.put("allow", true);
            if (tyk.get("allow").path("ignoreCase").asBoolean(false)) {
                notes.ignore(path + ".allow.ignoreCase", tyk.get("allow").get("ignoreCase"),
                        ENTRY_REASONS.get("allow"));
            }
        }
        if (TykJson.enabled(tyk.get("block"))) {
            out.put("block", true);
        }
        if (TykJson.enabled(tyk.get("ignoreAuthentication"))) {
            out.put("ignoreAuthentication", true);
        }
        rateLimit(tyk.get("rateLimit"), path + ".rateLimit", notes, out);
        circuitBreaker(tyk.get("circuitBreaker"), path + ".circuitBreaker", notes, out);
        timeout(tyk.get("enforceTimeout"), path + ".enforceTimeout", notes, out);
        if (TykJson.enabled(tyk.get("requestSizeLimit"))) {
            out.set("requestSizeLimit", tyk.get("requestSizeLimit").get("value"));
        }
        headers(tyk.get("transformRequestHeaders"), "transformRequestHeaders", out);
        headers(tyk.get("transformResponseHeaders"), "transformResponseHeaders", out);
        if (TykJson.enabled(tyk.get("trackEndpoint"))) {
            out.put("track", true);
        }
        if (TykJson.enabled(tyk.get("doNotTrackEndpoint"))) {
            out.put("doNotTrack", true);
        }
        mock(tyk.get("mockResponse"), path + ".mockResponse", notes, out);
        notes.rest(tyk, path, ENTRY_FIELDS, ENTRY_REASONS, ENTRY_LOOSER, "not supported by Portcullis");
        return out;
    }

    /** Portcullis's {@code global} for Tyk's {@code middleware.global}. */
    static ObjectNode global(ObjectNode tyk, String path, ImportNotes notes) {
        ObjectNode out = Json.mapper().createObjectNode();
        headers(tyk.get("transformRequestHeaders"), "transformRequestHeaders", out);
        headers(tyk.get("transformResponseHeaders"), "transformResponseHeaders", out);
        JsonNode logs = tyk.get("trafficLogs");
        if (logs != null && logs.has("enabled")) {
            out.put("trafficLogs", logs.path("enabled").asBoolean(true));
            notes.ignore(path + ".trafficLogs.tagHeaders", logs.get("tagHeaders"), "analytics have fixed fields");
            notes.ignore(path + ".trafficLogs.customRetentionPeriod", logs.get("customRetentionPeriod"),
                    "retention is set for the whole control plane (PORTCULLIS_ANALYTICS_* settings)");
            notes.ignore(path + ".trafficLogs.plugins", logs.get("plugins"), "custom plugins are not supported");
        }
        if (TykJson.enabled(tyk.get("requestSizeLimit"))) {
            out.set("requestSizeLimit", tyk.get("requestSizeLimit").get("value"));
        }
        cors(tyk.get("cors"), path + ".cors", notes, out);
        notes.rest(tyk, path, GLOBAL_FIELDS, GLOBAL_REASONS, "custom plugins are not supported");
        return out;
    }

    /** Tyk's {@code {enabled, rate, per: "1m"}} as {@code {rate, per}} in seconds, into {@code out.rateLimit}. */
    static void rateLimit(JsonNode tyk, String path, ImportNotes notes, ObjectNode out) {
        if (!TykJson.enabled(tyk)) {
            return;
        }
        OptionalLong per = TykJson.seconds(tyk.get("per"));
        JsonNode rate = tyk.get("rate");
        if (per.isEmpty()) {
            notes.error(path + ".per", "must be a duration of whole seconds, at least 1s (\"1m\", \"30s\")");
        } else if (rate == null || !rate.canConvertToLong() || !rate.isIntegralNumber() || rate.asLong() <= 0) {
            notes.error(path + ".rate", "must be an integer greater than 0");
        } else {
            out.putObject("rateLimit").put("rate", rate.asLong()).put("per", per.getAsLong());
        }
        notes.ignore(path + ".smoothing", tyk.get("smoothing"), "rate limits are not smoothed: the window is exact");
    }

    private static void circuitBreaker(JsonNode tyk, String path, ImportNotes notes, ObjectNode out) {
        if (!TykJson.enabled(tyk)) {
            return;
        }
        ObjectNode breaker = out.putObject("circuitBreaker");
        breaker.set("threshold", tyk.get("threshold"));
        breaker.set("sampleSize", tyk.get("sampleSize"));
        breaker.set("coolDownSeconds", tyk.get("coolDownPeriod"));
        breaker.put("halfOpen", tyk.path("halfOpenStateEnabled").asBoolean(false));
    }

    private static void timeout(JsonNode tyk, String path, ImportNotes notes, ObjectNode out) {
        if (!TykJson.enabled(tyk)) {
            return;
        }
        JsonNode duration = tyk.get("duration");
        OptionalLong seconds = TykJson.carriesNothing(duration) ? TykJson.seconds(tyk.get("value"))
                : TykJson.seconds(duration);
        if (seconds.isEmpty()) {
            notes.error(path + ".value", "must be a whole number of seconds, at least 1");
        } else {
            out.put("timeoutMs", seconds.getAsLong() * 1000);
        }
    }

    private static void headers(JsonNode tyk, String field, ObjectNode out) {
        if (!TykJson.enabled(tyk)) {
            return;
        }
        ObjectNode transform = out.putObject(field);
        ObjectNode add = transform.putObject("add");
        for (JsonNode header : tyk.path("add")) {
            add.set(header.path("name").asText(""), header.get("value"));
        }
        if (tyk.has("remove")) {
            transform.set("remove", tyk.get("remove"));
        }
    }

    private static void mock(JsonNode tyk, String path, ImportNotes notes, ObjectNode out) {
        if (!TykJson.enabled(tyk)) {
            return;
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(tyk.path("body").asText(""));
        } catch (JsonProcessingException notJson) {
            body = null;
        }
        if (body != null && body.has("result")) {
            out.set("mockResponse", body.get("result"));
            notes.ignore(path + ".code", tyk.get("code"), "a mock answer is always a 200 JSON-RPC result");
            notes.ignore(path + ".headers", tyk.get("headers"), "a mock answer carries no extra headers");
        } else {
            notes.ignore(path, tyk, "its body is not a JSON-RPC response with a result; Portcullis mocks only results");
        }
        notes.ignore(path + ".fromOASExamples", tyk.get("fromOASExamples"), "OpenAPI examples are not MCP results");
    }

    private static void cors(JsonNode tyk, String path, ImportNotes notes, ObjectNode out) {
        if (!TykJson.enabled(tyk)) {
            return;
        }
        ObjectNode cors = out.putObject("cors");
        for (String list : new String[]{"allowedOrigins", "allowedMethods", "allowedHeaders", "exposedHeaders"}) {
            if (tyk.has(list)) {
                cors.set(list, tyk.get(list));
            }
        }
        cors.put("allowCredentials", tyk.path("allowCredentials").asBoolean(false));
        if (tyk.path("maxAge").asInt(0) > 0) {
            cors.put("maxAgeSeconds", tyk.get("maxAge").asInt());
        }
        notes.ignore(path + ".optionsPassthrough", tyk.get("optionsPassthrough"),
                "the gateway answers preflights itself");
        notes.ignore(path + ".debug", tyk.get("debug"), "no CORS debug logging");
    }
}
