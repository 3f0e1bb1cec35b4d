package dev.portcullis.controlplane.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.controlplane.primitive.UpstreamUnreachable.Category;
import dev.portcullis.controlplane.proxy.UpstreamAddressRule;
import dev.portcullis.model.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.ConnectException;
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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Asks an upstream MCP server what it offers, with the official MCP Java SDK client over Streamable HTTP:
 * {@code initialize}, {@code notifications/initialized}, then {@code tools/list}, {@code prompts/list},
 * {@code resources/list} (or, for tool pinning, {@code resources/templates/list}) for the capabilities the server announces (every page, at most {@value #MAX_PAGES}), then
 * {@code DELETE} of the session. Dials only {@link UpstreamAccess#endpoint()} (and the OAuth token URL of the
 * definition), checks their addresses first, follows no redirects and reads at most {@value #MAX_BODY_BYTES} bytes
 * per answer. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class McpListingClient {

    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final int MAX_PAGES = 50;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT).build();
    private final PrimitivesConfig config;
    private final UpstreamAddressRule addresses;

    McpListingClient(PrimitivesConfig config, UpstreamAddressRule addresses) {
        this.config = config;
        this.addresses = addresses;
    }

    public UpstreamPrimitives list(UpstreamAccess access) throws UpstreamUnreachable {
        return converse(access, (client, raw, deadline) -> {
            McpSchema.ServerCapabilities capabilities = ask(() -> client.initialize(), "initialize").capabilities();
            List<UpstreamPrimitives.Named> tools = new ArrayList<>();
            List<UpstreamPrimitives.Named> prompts = new ArrayList<>();
            List<UpstreamPrimitives.Resource> resources = new ArrayList<>();
            if (capabilities != null && capabilities.tools() != null) {
                pages("tools/list", access, deadline, cursor -> {
                    McpSchema.ListToolsResult page = client.listTools(cursor);
                    page.tools().forEach(tool -> tools.add(new UpstreamPrimitives.Named(tool.name(),
                            tool.description())));
                    return page.nextCursor();
                });
            }
            if (capabilities != null && capabilities.prompts() != null) {
                pages("prompts/list", access, deadline, cursor -> {
                    McpSchema.ListPromptsResult page = client.listPrompts(cursor);
                    page.prompts().forEach(prompt -> prompts.add(new UpstreamPrimitives.Named(prompt.name(),
                            prompt.description())));
                    return page.nextCursor();
                });
            }
            if (capabilities != null && capabilities.resources() != null) {
                pages("resources/list", access, deadline, cursor -> {
                    McpSchema.ListResourcesResult page = client.listResources(cursor);
                    page.resources().forEach(resource -> resources.add(new UpstreamPrimitives.Resource(
                            resource.uri(), resource.name())));
                    return page.nextCursor();
                });
            }
            return new UpstreamPrimitives(UpstreamAccess.shown(access.endpoint()), tools, prompts, resources);
        });
    }

    /**
     * Every tool, prompt and resource template the upstream lists, each exactly as its list answer holds it (what
     * tool pinning hashes and approves, so it must match what a gateway relays). The SDK's typed results keep only
     * the members they know (an input schema's {@code $schema} or {@code description} would be lost), so the items
     * are taken from the raw results the transport received ({@link RawResults}). Same conversation, limits and
     * failures as {@link #list}.
     */
    public UpstreamDefinitions definitions(UpstreamAccess access) throws UpstreamUnreachable {
        return converse(access, (client, raw, deadline) -> {
            McpSchema.ServerCapabilities capabilities = ask(() -> client.initialize(), "initialize").capabilities();
            List<JsonNode> tools = new ArrayList<>();
            List<JsonNode> prompts = new ArrayList<>();
            List<JsonNode> templates = new ArrayList<>();
            if (capabilities != null && capabilities.tools() != null) {
                pages("tools/list", access, deadline, cursor -> {
                    String next = client.listTools(cursor).nextCursor();
                    raw.items("tools", tools);
                    return next;
                });
            }
            if (capabilities != null && capabilities.prompts() != null) {
                pages("prompts/list", access, deadline, cursor -> {
                    String next = client.listPrompts(cursor).nextCursor();
                    raw.items("prompts", prompts);
                    return next;
                });
            }
            if (capabilities != null && capabilities.resources() != null) {
                pages("resources/templates/list", access, deadline, cursor -> {
                    String next = client.listResourceTemplates(cursor).nextCursor();
                    raw.items("resourceTemplates", templates);
                    return next;
                });
            }
            return new UpstreamDefinitions(tools, prompts, templates);
        });
    }

    private interface Conversation<T> {
        T run(McpSyncClient client, RawResults raw, Instant deadline) throws UpstreamUnreachable;
    }

    /** One session with the upstream: checks its address, gets a token if needed, runs {@code conversation}, ends. */
    private <T> T converse(UpstreamAccess access, Conversation<T> conversation) throws UpstreamUnreachable {
        Instant deadline = Instant.now().plus(config.primitivesDeadline());
        requirePermittedAddress(access.endpoint(), "the MCP endpoint");
        String authorization = access.oauth() == null ? null : token(access, deadline);
        RawResults raw = new RawResults(transport(access, authorization));
        McpSyncClient client = McpClient.sync(raw)
                .clientInfo(new McpSchema.Implementation("portcullis-control-plane", "1"))
                .requestTimeout(remaining(access, deadline))
                .initializationTimeout(remaining(access, deadline))
                .build();
        boolean done = false;
        try {
            T result = conversation.run(client, raw, deadline);
            done = true;
            return result;
        } finally {
            end(client, done);
        }
    }

    /**
     * The SDK's transport, keeping the raw result of the last answer it received (the client asks one thing at a
     * time). Results arrive as the JSON reader built them, every member kept.
     */
    private static final class RawResults implements McpClientTransport {
        private final McpClientTransport transport;
        private volatile Object last;

        RawResults(McpClientTransport transport) {
            this.transport = transport;
        }

        /** The items of the last answer's {@code member} array, each as a JSON tree. */
        void items(String member, List<JsonNode> into) {
            JsonNode items = Json.mapper().valueToTree(last).path(member);
            items.forEach(into::add);
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return transport.connect(messages -> handler.apply(messages.doOnNext(message -> {
                if (message instanceof McpSchema.JSONRPCResponse response && response.result() != null) {
                    last = response.result();
                }
            })));
        }

        @Override
        public void setExceptionHandler(Consumer<Throwable> handler) {
            transport.setExceptionHandler(handler);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return transport.closeGracefully();
        }

        @Override
        public void close() {
            transport.close();
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return transport.sendMessage(message);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return transport.unmarshalFrom(data, type);
        }

        @Override
        public List<String> protocolVersions() {
            return transport.protocolVersions();
        }
    }

    /**
     * Ends the session: after a listing, gracefully (the SDK sends {@code DELETE} for the session); after a failure,
     * at once, since waiting on an upstream that already failed would only hold the caller.
     */
    private static void end(McpSyncClient client, boolean gracefully) {
        try {
            if (gracefully) {
                client.closeGracefully();
            } else {
                client.close();
            }
        } catch (RuntimeException ignored) {
            // The upstream expires the session anyway; the listing is already complete or failed.
        }
    }

    private HttpClientStreamableHttpTransport transport(UpstreamAccess access, String authorization) {
        URI endpoint = access.endpoint();
        String base = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(path + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery()))
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT))
                .maxResponseSize(MAX_BODY_BYTES)
                .openConnectionOnStartup(false)
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    for (Map.Entry<String, String> header : access.headers().entrySet()) {
                        try {
                            request.setHeader(header.getKey(), header.getValue());
                        } catch (IllegalArgumentException restricted) {
                            // Headers the JDK client manages itself (Host, Connection...) cannot be set; the
                            // upstream gets the client's own.
                        }
                    }
                    if (authorization != null) {
                        request.setHeader("Authorization", authorization);
                    }
                })
                .build();
    }

    /** One kind of list, every page; {@code page} asks for one page and answers the next cursor. */
    private void pages(String method, UpstreamAccess access, Instant deadline, Function<String, String> page)
            throws UpstreamUnreachable {
        String cursor = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            remaining(access, deadline);
            String current = cursor;
            String next = ask(() -> page.apply(current), method);
            if (next == null || next.isEmpty()) {
                return;
            }
            cursor = next;
        }
        throw new UpstreamUnreachable(Category.NOT_MCP, method + " returned more than " + MAX_PAGES + " pages");
    }

    private interface Call<T> {
        T run();
    }

    /** Runs one SDK call; its failures become an {@link UpstreamUnreachable} of the right category. */
    private static <T> T ask(Call<T> call, String method) throws UpstreamUnreachable {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw failure(e, method);
        }
    }

    static UpstreamUnreachable failure(Throwable e, String method) {
        McpTransportException transport = null;
        Throwable root = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            root = cause;
            if (cause instanceof McpHttpClientTransportAuthorizationException) {
                return new UpstreamUnreachable(Category.CREDENTIALS_REFUSED, "the upstream refused the credentials"
                        + " for " + method + " (check the upstream credentials)");
            }
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                return new UpstreamUnreachable(Category.TIMEOUT, "no answer to " + method + " in time");
            }
            if (cause instanceof McpError error) {
                return new UpstreamUnreachable(Category.NOT_MCP, "the upstream answered " + method
                        + " with JSON-RPC error " + (error.getJsonRpcError() == null ? "?"
                        : error.getJsonRpcError().code()));
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new UpstreamUnreachable(Category.UNREACHABLE, "cannot connect to the upstream (" + method
                        + "): " + cause.getClass().getSimpleName());
            }
            if (transport == null && cause instanceof McpTransportException found) {
                transport = found;
            }
        }
        // The SDK's own wording (never the upstream's body) tells an oversized answer from another HTTP failure.
        String said = transport == null || transport.getMessage() == null ? ""
                : transport.getMessage().toLowerCase(Locale.ROOT);
        if (said.contains("size") || said.contains("too large") || said.contains("exceed")) {
            return new UpstreamUnreachable(Category.TOO_LARGE, "the answer to " + method + " is larger than "
                    + MAX_BODY_BYTES + " bytes");
        }
        if (transport != null) {
            return new UpstreamUnreachable(Category.HTTP_ERROR, "the upstream's answer to " + method
                    + " is not a successful MCP answer (" + root.getClass().getSimpleName() + ")");
        }
        return new UpstreamUnreachable(Category.NOT_MCP, "the upstream's answer to " + method + " is not MCP ("
                + root.getClass().getSimpleName() + ")");
    }

    /** A client-credentials token for the upstream, as {@code Bearer <token>}. */
    private String token(UpstreamAccess access, Instant deadline) throws UpstreamUnreachable {
        UpstreamAccess.ClientCredentials oauth = access.oauth();
        requirePermittedAddress(oauth.tokenUrl(), "the OAuth token request");
        String form = "grant_type=client_credentials" + (oauth.scopes().isEmpty() ? ""
                : "&scope=" + URLEncoder.encode(String.join(" ", oauth.scopes()), StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(oauth.clientId(), StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(oauth.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Duration wait = remaining(access, deadline);
        HttpRequest request = HttpRequest.newBuilder(oauth.tokenUrl()).timeout(wait)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request,
                info -> new BoundedBody(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UpstreamUnreachable(Category.TIMEOUT, "no answer from the OAuth token endpoint "
                    + UpstreamAccess.shown(oauth.tokenUrl()) + " within " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new UpstreamUnreachable(e.getCause() instanceof BoundedBody.TooLarge ? Category.TOO_LARGE
                    : Category.UNREACHABLE, "cannot reach the OAuth token endpoint "
                    + UpstreamAccess.shown(oauth.tokenUrl()) + ": " + (e.getCause() == null ? "failed"
                    : e.getCause().getClass().getSimpleName()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new UpstreamUnreachable(Category.UNREACHABLE, "interrupted while asking for an OAuth token");
        }
        if (response.statusCode() != 200) {
            throw new UpstreamUnreachable(Category.CREDENTIALS_REFUSED,
                    "the OAuth token endpoint answered HTTP " + response.statusCode());
        }
        try {
            JsonNode token = Json.mapper().readTree(response.body()).path("access_token");
            if (!token.isTextual() || token.asText().isEmpty()) {
                throw new UpstreamUnreachable(Category.CREDENTIALS_REFUSED,
                        "the OAuth token endpoint's answer has no access_token");
            }
            return "Bearer " + token.asText();
        } catch (IOException e) {
            throw new UpstreamUnreachable(Category.CREDENTIALS_REFUSED, "the OAuth token endpoint's answer is not JSON");
        }
    }

    /**
     * Refuses a host that resolves to a link-local or metadata address (literal addresses were refused when the
     * definition was saved). The JDK client resolves the name again when it connects, so a DNS answer that changes
     * in between is not caught here; the gateway, which connects to the address it checked, is.
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

    /** The longest wait for the next answer: the proxy's timeout, capped by what is left of the deadline. */
    private Duration remaining(UpstreamAccess access, Instant deadline) throws UpstreamUnreachable {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new UpstreamUnreachable(Category.TIMEOUT, "the upstream did not finish listing within "
                    + config.primitivesDeadline().toSeconds() + " s");
        }
        return left.compareTo(access.timeout()) < 0 ? left : access.timeout();
    }
}
