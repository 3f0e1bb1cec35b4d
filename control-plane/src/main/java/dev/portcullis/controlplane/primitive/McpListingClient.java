package dev.portcullis.controlplane.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.primitive.UpstreamUnreachable.Category;
import dev.portcullis.controlplane.proxy.UpstreamAddressRule;
import dev.portcullis.model.json.Json;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks an upstream MCP server what it offers, as a Streamable HTTP client: {@code initialize},
 * {@code notifications/initialized}, {@code tools/list}, {@code prompts/list}, {@code resources/list} (every page),
 * then {@code DELETE} of the session. Dials only {@link UpstreamAccess#endpoint()} (and the OAuth token URL of the
 * definition); redirects are not followed. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class McpListingClient {

    static final String PROTOCOL_VERSION = "2025-11-25";
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final int MAX_PAGES = 50;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final PrimitivesConfig config;
    private final UpstreamAddressRule addresses;

    McpListingClient(PrimitivesConfig config, UpstreamAddressRule addresses) {
        this.config = config;
        this.addresses = addresses;
    }

    public UpstreamPrimitives list(UpstreamAccess access) throws UpstreamUnreachable {
        McpSession session = new McpSession(access, Instant.now().plus(config.primitivesDeadline()));
        try {
            JsonNode capabilities = session.open();
            List<UpstreamPrimitives.Named> tools = new ArrayList<>();
            List<UpstreamPrimitives.Named> prompts = new ArrayList<>();
            List<UpstreamPrimitives.Resource> resources = new ArrayList<>();
            if (capabilities.has("tools")) {
                session.eachItem("tools/list", "tools", item -> tools.add(new UpstreamPrimitives.Named(
                        item.path("name").asText(), textOrNull(item, "description"))));
            }
            if (capabilities.has("prompts")) {
                session.eachItem("prompts/list", "prompts", item -> prompts.add(new UpstreamPrimitives.Named(
                        item.path("name").asText(), textOrNull(item, "description"))));
            }
            if (capabilities.has("resources")) {
                session.eachItem("resources/list", "resources", item -> resources.add(
                        new UpstreamPrimitives.Resource(item.path("uri").asText(), textOrNull(item, "name"))));
            }
            return new UpstreamPrimitives(UpstreamAccess.shown(access.endpoint()), tools, prompts, resources);
        } finally {
            session.close();
        }
    }

    /**
     * Every tool, prompt and resource template the upstream lists, each as its list answer holds it (what tool
     * pinning hashes and approves). Same conversation, limits and failures as {@link #list}.
     */
    public UpstreamDefinitions definitions(UpstreamAccess access) throws UpstreamUnreachable {
        McpSession session = new McpSession(access, Instant.now().plus(config.primitivesDeadline()));
        try {
            JsonNode capabilities = session.open();
            List<JsonNode> tools = new ArrayList<>();
            List<JsonNode> prompts = new ArrayList<>();
            List<JsonNode> templates = new ArrayList<>();
            if (capabilities.has("tools")) {
                session.eachItem("tools/list", "tools", tools::add);
            }
            if (capabilities.has("prompts")) {
                session.eachItem("prompts/list", "prompts", prompts::add);
            }
            if (capabilities.has("resources")) {
                session.eachItem("resources/templates/list", "resourceTemplates", templates::add);
            }
            return new UpstreamDefinitions(tools, prompts, templates);
        } finally {
            session.close();
        }
    }

    private static String textOrNull(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /** One listing's conversation with the upstream; not thread-safe. */
    private final class McpSession {
        private final UpstreamAccess access;
        private final Instant deadline;
        private String authorization;
        private String sessionId;
        private String protocolVersion;
        private long nextId = 1;

        McpSession(UpstreamAccess access, Instant deadline) {
            this.access = access;
            this.deadline = deadline;
        }

        /** {@code initialize} and {@code notifications/initialized}; returns the server's capabilities. */
        JsonNode open() throws UpstreamUnreachable {
            JsonNode initialized = call("initialize", Json.mapper().createObjectNode()
                    .put("protocolVersion", PROTOCOL_VERSION)
                    .<ObjectNode>set("capabilities", Json.mapper().createObjectNode())
                    .set("clientInfo", Json.mapper().createObjectNode().put("name", "portcullis-control-plane")
                            .put("version", "1")));
            protocolVersion = initialized.path("protocolVersion").asText(PROTOCOL_VERSION);
            notifyInitialized();
            return initialized.path("capabilities");
        }

        interface ItemSink {
            void accept(JsonNode item);
        }

        void eachItem(String method, String field, ItemSink sink) throws UpstreamUnreachable {
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                ObjectNode params = Json.mapper().createObjectNode();
                if (cursor != null) {
                    params.put("cursor", cursor);
                }
                JsonNode result = call(method, params);
                JsonNode items = result.path(field);
                if (items.isArray()) {
                    items.forEach(item -> {
                        if (item.isObject()) {
                            sink.accept(item);
                        }
                    });
                }
                JsonNode next = result.get("nextCursor");
                if (next == null || !next.isTextual() || next.asText().isEmpty()) {
                    return;
                }
                cursor = next.asText();
            }
            throw new UpstreamUnreachable(Category.NOT_MCP, method + " returned more than " + MAX_PAGES + " pages");
        }

        JsonNode call(String method, ObjectNode params) throws UpstreamUnreachable {
            long id = nextId++;
            ObjectNode request = Json.mapper().createObjectNode().put("jsonrpc", "2.0").put("id", id)
                    .put("method", method);
            request.set("params", params);
            HttpResponse<byte[]> response = send(post(request), method);
            if (sessionId == null) {
                sessionId = response.headers().firstValue("Mcp-Session-Id").orElse(null);
            }
            String body = text(response);
            if (response.statusCode() != 200) {
                throw statusFailure(method, response.statusCode());
            }
            JsonNode answer = McpAnswers.response(response.headers().firstValue("Content-Type").orElse(null),
                    body, id);
            if (answer == null) {
                throw new UpstreamUnreachable(Category.NOT_MCP,
                        "the upstream's answer to " + method + " holds no JSON-RPC response");
            }
            if (answer.has("error")) {
                throw new UpstreamUnreachable(Category.NOT_MCP,
                        "the upstream answered " + method + " with JSON-RPC error "
                        + answer.path("error").path("code").asText("?"));
            }
            return answer.path("result");
        }

        void notifyInitialized() throws UpstreamUnreachable {
            ObjectNode notification = Json.mapper().createObjectNode().put("jsonrpc", "2.0")
                    .put("method", "notifications/initialized");
            HttpResponse<byte[]> response = send(post(notification), "notifications/initialized");
            if (response.statusCode() / 100 != 2) {
                throw statusFailure("notifications/initialized", response.statusCode());
            }
        }

        void close() {
            if (sessionId == null) {
                return;
            }
            try {
                send(base().DELETE(), "DELETE");
            } catch (UpstreamUnreachable ignored) {
                // The session expires on the upstream anyway; the listing is already complete or failed.
            }
        }

        private HttpRequest.Builder post(ObjectNode message) throws UpstreamUnreachable {
            return base().header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(message)));
        }

        private HttpRequest.Builder base() throws UpstreamUnreachable {
            HttpRequest.Builder builder = HttpRequest.newBuilder(access.endpoint())
                    .timeout(remaining()).header("Accept", "application/json, text/event-stream");
            for (Map.Entry<String, String> header : access.headers().entrySet()) {
                try {
                    builder.setHeader(header.getKey(), header.getValue());
                } catch (IllegalArgumentException restricted) {
                    // Headers the JDK client manages itself (Host, Connection...) cannot be set; the upstream gets
                    // the client's own.
                }
            }
            if (access.oauth() != null) {
                builder.setHeader("Authorization", authorization());
            }
            if (sessionId != null) {
                builder.header("Mcp-Session-Id", sessionId);
            }
            if (protocolVersion != null) {
                builder.header("MCP-Protocol-Version", protocolVersion);
            }
            return builder;
        }

        private String authorization() throws UpstreamUnreachable {
            if (authorization == null) {
                UpstreamAccess.ClientCredentials oauth = access.oauth();
                String form = "grant_type=client_credentials"
                        + (oauth.scopes().isEmpty() ? "" : "&scope=" + URLEncoder.encode(String.join(" ",
                        oauth.scopes()), StandardCharsets.UTF_8));
                String basic = java.util.Base64.getEncoder().encodeToString(
                        (URLEncoder.encode(oauth.clientId(), StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(oauth.clientSecret(), StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
                HttpRequest request = HttpRequest.newBuilder(oauth.tokenUrl()).timeout(remaining())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json").header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
                HttpResponse<byte[]> response = sendRequest(request, "the OAuth token request",
                        oauth.tokenUrl());
                String body = text(response);
                if (response.statusCode() != 200) {
                    throw new UpstreamUnreachable(Category.CREDENTIALS_REFUSED,
                            "the OAuth token endpoint answered HTTP " + response.statusCode());
                }
                try {
                    JsonNode token = Json.mapper().readTree(body).path("access_token");
                    if (!token.isTextual() || token.asText().isEmpty()) {
                        throw new UpstreamUnreachable(Category.CREDENTIALS_REFUSED,
                                "the OAuth token endpoint's answer has no access_token");
                    }
                    authorization = "Bearer " + token.asText();
                } catch (IOException e) {
                    throw new UpstreamUnreachable(Category.CREDENTIALS_REFUSED,
                            "the OAuth token endpoint's answer is not JSON");
                }
            }
            return authorization;
        }

        private HttpResponse<byte[]> send(HttpRequest.Builder request, String what) throws UpstreamUnreachable {
            return sendRequest(request.build(), what, access.endpoint());
        }

        /** Waits for the whole answer (headers and body) at most {@link #remaining()}; bodies past 4 MiB fail. */
        private HttpResponse<byte[]> sendRequest(HttpRequest request, String what, URI target)
                throws UpstreamUnreachable {
            requirePermittedAddress(target, what);
            Duration wait = remaining();
            CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request,
                    info -> new BoundedBody(MAX_BODY_BYTES));
            try {
                return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                answer.cancel(true);
                throw new UpstreamUnreachable(Category.TIMEOUT,
                        "no complete answer from " + UpstreamAccess.shown(target) + " to "
                                + what + " within " + wait.toMillis() + " ms");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof BoundedBody.TooLarge) {
                    throw new UpstreamUnreachable(Category.TOO_LARGE,
                            "the answer of " + UpstreamAccess.shown(target) + " to " + what
                                    + " is larger than " + MAX_BODY_BYTES + " bytes");
                }
                if (cause instanceof HttpTimeoutException) {
                    throw new UpstreamUnreachable(Category.TIMEOUT,
                            "no answer from " + UpstreamAccess.shown(target) + " to " + what
                                    + " within " + wait.toMillis() + " ms");
                }
                throw new UpstreamUnreachable(Category.UNREACHABLE,
                        "cannot reach " + UpstreamAccess.shown(target) + " (" + what + "): "
                                + (cause == null ? "failed" : cause.getClass().getSimpleName()));
            } catch (InterruptedException e) {
                answer.cancel(true);
                Thread.currentThread().interrupt();
                throw new UpstreamUnreachable(Category.UNREACHABLE,
                        "interrupted while asking " + UpstreamAccess.shown(target));
            }
        }

        /**
         * Refuses a host that resolves to a link-local or metadata address (literal addresses were refused when the
         * definition was saved). The JDK client resolves the name again when it connects, so a DNS answer that
         * changes in between is not caught here; the gateway, which connects to the address it checked, is.
         */
        private void requirePermittedAddress(URI target, String what) throws UpstreamUnreachable {
            InetAddress[] resolved;
            try {
                resolved = InetAddress.getAllByName(target.getHost());
            } catch (UnknownHostException | SecurityException e) {
                throw new UpstreamUnreachable(Category.UNREACHABLE,
                        "cannot resolve " + UpstreamAccess.shown(target) + " (" + what + ")");
            }
            for (InetAddress address : resolved) {
                if (!addresses.permits(address)) {
                    throw new UpstreamUnreachable(Category.UNREACHABLE, UpstreamAccess.shown(target)
                            + " resolves to a link-local or metadata address; not dialled (" + what + ")");
                }
            }
        }

        private Duration remaining() throws UpstreamUnreachable {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new UpstreamUnreachable(Category.TIMEOUT, "the upstream did not finish listing within "
                        + config.primitivesDeadline().toSeconds() + " s");
            }
            return left.compareTo(access.timeout()) < 0 ? left : access.timeout();
        }

        private static String text(HttpResponse<byte[]> response) {
            return new String(response.body(), StandardCharsets.UTF_8);
        }

        private UpstreamUnreachable statusFailure(String method, int status) {
            String hint = status == 401 || status == 403 ? " (check the upstream credentials)"
                    : status / 100 == 3 ? " (redirects are not followed)" : "";
            return new UpstreamUnreachable(status == 401 || status == 403 ? Category.CREDENTIALS_REFUSED
                    : Category.HTTP_ERROR, "the upstream answered " + method + " with HTTP " + status + hint);
        }
    }
}
