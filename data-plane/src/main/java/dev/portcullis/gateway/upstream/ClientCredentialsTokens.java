package dev.portcullis.gateway.upstream;

import dev.portcullis.gateway.outbound.FormPost;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Upstream access tokens from the OAuth 2 client-credentials grant, one cache for the whole gateway. A token is
 * reused until {@value #EARLY_REFRESH_SECONDS} s before {@code expires_in} runs out; all callers asking while a
 * fetch is in flight share that one fetch (one {@link Future}), so a burst of first requests makes one token
 * request. A failed fetch is not cached: the next request tries again. Thread-safe; results are delivered on the
 * caller's context. Nothing here logs or returns the client secret or a token.
 */
public final class ClientCredentialsTokens {

    static final long EARLY_REFRESH_SECONDS = 30;
    /** Without {@code expires_in} a token is assumed to live this long (so it is reused for 30 s). */
    static final long DEFAULT_LIFETIME_SECONDS = 60;
    static final long REQUEST_TIMEOUT_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(ClientCredentialsTokens.class);

    private record Token(String accessToken, long refreshAtNanos) {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }

    private final WebClient client;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<ClientCredentials, Future<Token>> cache = new ConcurrentHashMap<>();

    public ClientCredentialsTokens(Vertx vertx) {
        this(WebClient.create(vertx), System::nanoTime);
    }

    ClientCredentialsTokens(WebClient client, LongSupplier nanoTime) {
        this.client = client;
        this.nanoTime = nanoTime;
    }

    /** The access token for {@code credentials}; fails with {@link TokenUnavailableException} when none can be had. */
    public Future<String> token(ClientCredentials credentials) {
        long now = nanoTime.getAsLong();
        Future<Token> token = cache.compute(credentials,
                (key, cached) -> cached != null && usable(cached, now) ? cached : fetch(key));
        Context caller = Vertx.currentContext();
        if (caller == null || token.isComplete()) {
            return token.map(Token::accessToken);
        }
        Promise<String> result = Promise.promise();
        token.onComplete(outcome -> caller.runOnContext(v -> result.handle(outcome.map(Token::accessToken))));
        return result.future();
    }

    public void close() {
        client.close();
    }

    private boolean usable(Future<Token> cached, long now) {
        return !cached.isComplete() || (cached.succeeded() && cached.result().refreshAtNanos() - now > 0);
    }

    private Future<Token> fetch(ClientCredentials credentials) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (!credentials.scopes().isEmpty()) {
            form.put("scope", String.join(" ", credentials.scopes()));
        }
        // RFC 6749 section 2.3.1: client_secret_basic form-encodes id and secret before base64.
        String basic = Base64.getEncoder().encodeToString((encode(credentials.clientId()) + ":"
                + encode(credentials.clientSecret())).getBytes(StandardCharsets.UTF_8));
        return FormPost.send(client.postAbs(credentials.tokenUrl())
                        .putHeader("Authorization", "Basic " + basic)
                        .putHeader("Accept", "application/json")
                        .timeout(REQUEST_TIMEOUT_MS), form)
                .recover(error -> {
                    LOG.warnf("token endpoint %s unreachable: %s", credentials.tokenUrl(),
                            error.getClass().getSimpleName());
                    return Future.failedFuture(new TokenUnavailableException("token endpoint unreachable"));
                })
                .compose(response -> parse(credentials, response));
    }

    private Future<Token> parse(ClientCredentials credentials, HttpResponse<io.vertx.core.buffer.Buffer> response) {
        if (response.statusCode() != 200) {
            LOG.warnf("token endpoint %s refused client %s: HTTP %d", credentials.tokenUrl(), credentials.clientId(),
                    response.statusCode());
            return Future.failedFuture(new TokenUnavailableException("token endpoint answered "
                    + response.statusCode()));
        }
        try {
            JsonObject body = response.bodyAsJsonObject();
            String accessToken = body == null ? null : body.getString("access_token");
            if (accessToken == null || accessToken.isEmpty()) {
                throw new IllegalArgumentException("no access_token");
            }
            Number expiresIn = body.getNumber("expires_in");
            long lifetime = expiresIn == null ? DEFAULT_LIFETIME_SECONDS : expiresIn.longValue();
            long reuse = Math.max(0, lifetime - EARLY_REFRESH_SECONDS);
            return Future.succeededFuture(new Token(accessToken, nanoTime.getAsLong()
                    + Duration.ofSeconds(reuse).toNanos()));
        } catch (RuntimeException e) {
            LOG.warnf("token endpoint %s sent no usable token: %s", credentials.tokenUrl(),
                    e.getClass().getSimpleName());
            return Future.failedFuture(new TokenUnavailableException("token endpoint sent no usable token"));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** No token could be obtained; the message is safe to log (no secret, no token). */
    public static final class TokenUnavailableException extends RuntimeException {
        TokenUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
