package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Maps a Tyk OAS MCP API definition (an OpenAPI document with the {@code x-tyk-api-gateway} extension) to a
 * Portcullis proxy definition, noting every Tyk field it leaves behind. The result is not validated here; the
 * caller parses it as a {@code ProxyDefinition}.
 *
 * <p>Agents reach a Tyk MCP proxy at its listen path, which Tyk forwards to the upstream URL as is
 * ({@code strip: true}). Portcullis does the same for a request to the bare listen path, so the upstream URL is kept
 * unchanged and agents keep their path.
 */
final class TykApiDefinition {

    static final String EXTENSION = "x-tyk-api-gateway";
    private static final String X = EXTENSION + ".";

    private static final Set<String> DOCUMENT_FIELDS = Set.of("openapi", "info", "paths", "components", "security",
            EXTENSION);
    private static final Set<String> EXTENSION_FIELDS = Set.of("info", "upstream", "server", "middleware");
    private static final Set<String> INFO_FIELDS = Set.of("id", "name", "state");
    private static final Set<String> UPSTREAM_FIELDS = Set.of("url", "rateLimit");
    private static final Map<String, String> UPSTREAM_REASONS = Map.of(
            "loadBalancing", "load balancing is not imported: the proxy calls upstream.url only",
            "authentication", "upstream credentials are not exported usably by Tyk; set upstream.authentication"
                    + " (with ${secret:...} references) in the designer",
            "mutualTLS", "upstream mutual TLS is not supported",
            "certificatePinning", "certificate pinning is not supported",
            "serviceDiscovery", "service discovery is not supported: the upstream URL is fixed",
            "uptimeTests", "uptime tests are not supported; the circuit breaker watches answers instead");
    private static final Set<String> SERVER_FIELDS = Set.of("listenPath", "authentication", "gatewayTags");
    private static final Map<String, String> SERVER_REASONS = Map.of(
            "customDomain", "gateways serve every proxy on every host name",
            "detailedActivityLogs", "analytics records never contain bodies",
            "detailedTracing", "tracing is configured on the gateway (OpenTelemetry settings)",
            "clientCertificates", "bind client certificates to keys (certificateFingerprints) instead",
            "ipAccessControl", "IP allow and block lists are not supported",
            "eventHandlers", "event handlers (webhooks) are not supported");
    /** Server fields that restrict who may connect: refused rather than left behind. */
    private static final Set<String> SERVER_LOOSER = Set.of("clientCertificates", "ipAccessControl");
    private static final Set<String> MIDDLEWARE_FIELDS = Set.of("global", "operations", "mcpTools", "mcpResources",
            "mcpPrompts");

    private TykApiDefinition() {
    }

    /** The Tyk API id ({@code x-tyk-api-gateway.info.id}), or null. */
    static String tykId(JsonNode document) {
        return TykJson.text(TykJson.object(TykJson.object(document, EXTENSION), "info"), "id");
    }

    /** The proxy definition (without {@code id}), or null when the document is not a Tyk OAS API definition. */
    static ObjectNode map(JsonNode document, ImportNotes notes) {
        ObjectNode tyk = TykJson.object(document, EXTENSION);
        if (!(document instanceof ObjectNode doc) || tyk == null) {
            notes.error(EXTENSION, "is required: this is not a Tyk OAS API definition");
            return null;
        }
        if (doc.has("x-tyk-mcp-server") || doc.has("x-tyk-streaming")) {
            notes.error(doc.has("x-tyk-mcp-server") ? "x-tyk-mcp-server" : "x-tyk-streaming",
                    "is not importable: Portcullis proxies remote MCP servers only");
            return null;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        info(doc, tyk, notes, out);
        upstream(tyk, notes, out);
        server(doc, tyk, notes, out);
        middleware(doc, tyk, notes, out);
        notes.rest(tyk, EXTENSION, EXTENSION_FIELDS, Map.of(), "not supported by Portcullis");
        notes.rest(doc, "", DOCUMENT_FIELDS, Map.of("servers", "agents reach the proxy at the gateway's address"),
                "OpenAPI description; not kept");
        return out;
    }

    private static void info(ObjectNode doc, ObjectNode tyk, ImportNotes notes, ObjectNode out) {
        ObjectNode info = TykJson.object(tyk, "info");
        String name = TykJson.text(info, "name");
        if (name == null) {
            name = TykJson.text(TykJson.object(doc, "info"), "title");
        }
        if (name == null) {
            notes.error(X + "info.name", "is required");
        } else {
            out.put("name", name);
        }
        if (info == null) {
            return;
        }
        ObjectNode state = TykJson.object(info, "state");
        boolean active = state == null || state.path("active").asBoolean(true);
        if (state != null && state.path("internal").asBoolean(false)) {
            active = false;
            notes.ignore(X + "info.state.internal", state.get("internal"), "internal APIs are reachable only from"
                    + " other Tyk APIs; imported inactive so it is not exposed");
        }
        out.put("active", active);
        notes.rest(info, X + "info", INFO_FIELDS, Map.of(
                "orgId", "Portcullis has no organisations: one control plane is one tenant",
                "dbId", "the Tyk Dashboard's database id; the proxy id is the Tyk API id",
                "expiration", "proxies do not expire here; keys carry expiresAt",
                "versioning", "proxies are not versioned; import each version as its own proxy"),
                "not supported by Portcullis");
    }

    private static void upstream(ObjectNode tyk, ImportNotes notes, ObjectNode out) {
        ObjectNode upstream = TykJson.object(tyk, "upstream");
        String url = TykJson.text(upstream, "url");
        if (url == null) {
            notes.error(X + "upstream.url", "is required");
            return;
        }
        out.putObject("upstream").put("url", url);
        ObjectNode limit = Json.mapper().createObjectNode();
        TykMiddleware.rateLimit(upstream.get("rateLimit"), X + "upstream.rateLimit", notes, limit);
        if (limit.has("rateLimit")) {
            out.putObject("global").set("rateLimit", limit.get("rateLimit"));
        }
        notes.rest(upstream, X + "upstream", UPSTREAM_FIELDS, UPSTREAM_REASONS, Set.of("certificatePinning"),
                "not supported by Portcullis");
    }

    private static void server(ObjectNode doc, ObjectNode tyk, ImportNotes notes, ObjectNode out) {
        ObjectNode server = TykJson.object(tyk, "server");
        ObjectNode listen = TykJson.object(server, "listenPath");
        String path = TykJson.text(listen, "value");
        if (path == null) {
            notes.error(X + "server.listenPath.value", "is required");
        } else {
            out.put("listenPath", (path.startsWith("/") ? "" : "/") + path + (path.endsWith("/") ? "" : "/"));
            if (listen.has("strip") && !listen.path("strip").asBoolean(true)) {
                notes.ignored(X + "server.listenPath.strip", "the listen path is always stripped: the upstream"
                        + " receives only what follows it");
            }
        }
        if (server == null) {
            return;
        }
        ObjectNode tags = TykJson.object(server, "gatewayTags");
        if (TykJson.enabled(tags)) {
            out.set("gatewayTags", tags.get("tags"));
        }
        TykAuthentication.map(doc, TykJson.object(server, "authentication"), notes, out);
        notes.rest(server, X + "server", SERVER_FIELDS, SERVER_REASONS, SERVER_LOOSER, "not supported by Portcullis");
    }

    private static void middleware(ObjectNode doc, ObjectNode tyk, ImportNotes notes, ObjectNode out) {
        ObjectNode middleware = TykJson.object(tyk, "middleware");
        if (middleware == null) {
            return;
        }
        ObjectNode global = TykJson.object(middleware, "global");
        if (global != null) {
            ObjectNode mapped = TykMiddleware.global(global, X + "middleware.global", notes);
            ObjectNode target = out.has("global") ? (ObjectNode) out.get("global") : out.putObject("global");
            target.setAll(mapped);
        }
        entries(middleware, "mcpTools", "tools", null, notes, out);
        entries(middleware, "mcpResources", "resources", null, notes, out);
        entries(middleware, "mcpPrompts", "prompts", null, notes, out);
        entries(middleware, "operations", "operations", TykJson.object(doc, "paths"), notes, out);
        notes.rest(middleware, X + "middleware", MIDDLEWARE_FIELDS, Map.of(), "not supported by Portcullis");
    }

    /**
     * One middleware map. Tyk keys {@code operations} by OpenAPI operationId; the JSON-RPC method is the path that
     * operation is declared on, without its leading slash ({@code /tools/call} is {@code tools/call}).
     */
    private static void entries(ObjectNode middleware, String tykField, String field, ObjectNode paths,
                                ImportNotes notes, ObjectNode out) {
        ObjectNode tyk = TykJson.object(middleware, tykField);
        if (tyk == null) {
            return;
        }
        String base = X + "middleware." + tykField;
        ObjectNode target = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = tyk.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = base + "." + entry.getKey();
            if (!(entry.getValue() instanceof ObjectNode value)) {
                notes.error(path, "must be an object");
                continue;
            }
            String key = entry.getKey();
            if (paths != null) {
                key = methodOf(paths, entry.getKey());
                if (key == null) {
                    notes.ignore(path, value, "no path of the OpenAPI document declares this operationId, so it"
                            + " names no JSON-RPC method");
                    continue;
                }
            }
            ObjectNode mapped = TykMiddleware.entry(value, path, notes);
            if (!mapped.isEmpty()) {
                target.set(key, mapped);
            }
        }
        if (!target.isEmpty()) {
            out.set(field, target);
        }
    }

    private static String methodOf(ObjectNode paths, String operationId) {
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (JsonNode operation : path.getValue()) {
                if (operationId.equals(operation.path("operationId").asText(null))) {
                    return path.getKey().startsWith("/") ? path.getKey().substring(1) : path.getKey();
                }
            }
        }
        return null;
    }
}
