package dev.portcullis.gateway.support.oauth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OAuth 2.1 authorization server for tests, on 127.0.0.1 and a free port: a JWKS whose keys the test
 * rotates, an RFC 7662 introspection endpoint (client_secret_basic) answering what the test registered, and the
 * pieces an MCP client needs to log in: RFC 8414 metadata, dynamic client registration, an authorization endpoint
 * that approves at once (PKCE S256 required) and a token endpoint issuing RS256 JWTs for the requested resource.
 */
public final class TestAuthorizationServer implements AutoCloseable {

    public static final String INTROSPECTION_CLIENT = "gateway";
    public static final String INTROSPECTION_SECRET = "gateway-secret";

    private final HttpServer server;
    private final Map<String, List<SigningKey>> published = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> introspection = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> introspectionCalls = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> codes = new ConcurrentHashMap<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final SigningKey tokenKey = SigningKey.rsa("as-token-key");
    private volatile long introspectionDelayMs;

    private TestAuthorizationServer(Vertx vertx) throws Exception {
        published.put("default", List.of(tokenKey));
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/jwks").handler(this::jwks);
        router.post("/introspect").handler(this::introspect);
        router.get("/.well-known/oauth-authorization-server").handler(this::metadata);
        router.post("/register").handler(this::register);
        router.get("/authorize").handler(this::authorize);
        router.post("/token").handler(this::token);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static TestAuthorizationServer start(Vertx vertx) throws Exception {
        return new TestAuthorizationServer(vertx);
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The JWKS with the token endpoint's key (and whatever {@link #publish} added to the default set). */
    public String jwksUrl() {
        return jwksUrl("default");
    }

    /** A separate key set, so each test proxy has its own JWKS URL (and cache entry). */
    public String jwksUrl(String set) {
        return issuer() + "/jwks?set=" + set;
    }

    public String introspectionUrl() {
        return issuer() + "/introspect";
    }

    /** Replaces the keys of {@code set} (the default set always keeps the token endpoint's key). */
    public void publish(String set, SigningKey... keys) {
        List<SigningKey> all = new ArrayList<>(List.of(keys));
        if (set.equals("default")) {
            all.add(tokenKey);
        }
        published.put(set, List.copyOf(all));
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** What the introspection endpoint answers for {@code token} (unknown tokens are inactive). */
    public void introspects(String token, JsonObject answer) {
        introspection.put(token, answer);
    }

    public int introspectionCalls(String token) {
        AtomicInteger calls = introspectionCalls.get(token);
        return calls == null ? 0 : calls.get();
    }

    public void introspectionDelay(long millis) {
        this.introspectionDelayMs = millis;
    }

    private void jwks(RoutingContext ctx) {
        jwksFetches.incrementAndGet();
        JsonArray keys = new JsonArray();
        String set = ctx.request().getParam("set", "default");
        published.getOrDefault(set, List.of()).forEach(key -> keys.add(key.jwk()));
        json(ctx, 200, new JsonObject().put("keys", keys));
    }

    private void introspect(RoutingContext ctx) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (INTROSPECTION_CLIENT + ":" + INTROSPECTION_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ctx.request().getHeader("Authorization"))) {
            json(ctx, 401, new JsonObject().put("error", "invalid_client"));
            return;
        }
        String token = ctx.request().getFormAttribute("token");
        introspectionCalls.computeIfAbsent(String.valueOf(token), t -> new AtomicInteger()).incrementAndGet();
        JsonObject answer = token == null ? null : introspection.get(token);
        JsonObject body = answer == null ? new JsonObject().put("active", false) : answer;
        if (introspectionDelayMs > 0) {
            ctx.vertx().setTimer(introspectionDelayMs, id -> json(ctx, 200, body));
        } else {
            json(ctx, 200, body);
        }
    }

    private void metadata(RoutingContext ctx) {
        json(ctx, 200, new JsonObject()
                .put("issuer", issuer())
                .put("authorization_endpoint", issuer() + "/authorize")
                .put("token_endpoint", issuer() + "/token")
                .put("registration_endpoint", issuer() + "/register")
                .put("jwks_uri", jwksUrl())
                .put("introspection_endpoint", introspectionUrl())
                .put("response_types_supported", new JsonArray().add("code"))
                .put("grant_types_supported", new JsonArray().add("authorization_code"))
                .put("code_challenge_methods_supported", new JsonArray().add("S256"))
                .put("token_endpoint_auth_methods_supported", new JsonArray().add("none")));
    }

    private void register(RoutingContext ctx) {
        JsonObject request = ctx.body().asJsonObject();
        JsonObject client = (request == null ? new JsonObject() : request.copy())
                .put("client_id", "client-" + UUID.randomUUID())
                .put("client_id_issued_at", System.currentTimeMillis() / 1000)
                .put("token_endpoint_auth_method", "none");
        json(ctx, 201, client);
    }

    private void authorize(RoutingContext ctx) {
        var params = ctx.request().params();
        String redirect = params.get("redirect_uri");
        if (!"code".equals(params.get("response_type")) || redirect == null
                || !"S256".equals(params.get("code_challenge_method")) || params.get("code_challenge") == null) {
            json(ctx, 400, new JsonObject().put("error", "invalid_request"));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new JsonObject()
                .put("challenge", params.get("code_challenge"))
                .put("redirect", redirect)
                .put("resource", params.get("resource"))
                .put("scope", params.get("scope")));
        String state = params.get("state");
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + (state == null ? "" : "&state=" + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
        ctx.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private void token(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        JsonObject grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (!"authorization_code".equals(form.get("grant_type")) || grant == null
                || !grant.getString("challenge").equals(s256(form.get("code_verifier")))) {
            json(ctx, 400, new JsonObject().put("error", "invalid_grant"));
            return;
        }
        String resource = form.get("resource") != null ? form.get("resource") : grant.getString("resource");
        String scope = grant.getString("scope") == null ? "mcp:tools" : grant.getString("scope");
        long now = System.currentTimeMillis() / 1000;
        String jwt = tokenKey.sign(new JsonObject().put("iss", issuer()).put("sub", "node-agent")
                .put("aud", resource).put("scope", scope).put("iat", now).put("exp", now + 300));
        json(ctx, 200, new JsonObject().put("access_token", jwt).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", scope));
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            return SigningKey.b64(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }

    public SigningKey tokenKey() {
        return tokenKey;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
