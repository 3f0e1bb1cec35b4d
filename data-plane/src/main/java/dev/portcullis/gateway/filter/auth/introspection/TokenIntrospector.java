package dev.portcullis.gateway.filter.auth.introspection;

import dev.portcullis.gateway.outbound.FormPost;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.proxy.Introspection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Asks an RFC 7662 endpoint whether an opaque token is active: {@code POST token=...} with client_secret_basic.
 * Answers are cached by SHA-256 of the token: an active one for {@code cacheSeconds} but never past the token's
 * {@code exp}, an inactive one for {@link #NEGATIVE_TTL}. Concurrent lookups of one token share a single call.
 * Shared by all event loops; futures complete on whichever loop ran the HTTP call.
 */
public final class TokenIntrospector {

    static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 10_000;

    private static final Logger LOG = Logger.getLogger(TokenIntrospector.class);

    /** The endpoint's answer: its claims when the token is active, null when it is not. */
    public record Answer(JsonObject activeClaims) {
    }

    private final WebClient client;
    private final LongSupplier nanoTime;
    private final LongSupplier epochSeconds;
    private final IntrospectionCache cache;
    private final ConcurrentHashMap<String, Future<Answer>> inFlight = new ConcurrentHashMap<>();

    public TokenIntrospector(WebClient client) {
        this(client, System::nanoTime, () -> System.currentTimeMillis() / 1000, MAX_ENTRIES);
    }

    TokenIntrospector(WebClient client, LongSupplier nanoTime, LongSupplier epochSeconds, int maxEntries) {
        this.client = client;
        this.nanoTime = nanoTime;
        this.epochSeconds = epochSeconds;
        this.cache = new IntrospectionCache(maxEntries, nanoTime);
    }

    /**
     * Fails with {@link IntrospectionUnavailable} when the endpoint could not be asked or gave no RFC 7662 answer
     * (unreachable, non-200, not JSON, no boolean {@code active}).
     */
    public Future<Answer> introspect(String token, Introspection settings) {
        String key = settings.endpoint() + "|" + KeyTokens.hash(token);
        IntrospectionCache.Answer cached = cache.get(key);
        if (cached != null) {
            return Future.succeededFuture(new Answer(cached.claims()));
        }
        Promise<Answer> promise = Promise.promise();
        Future<Answer> running = inFlight.putIfAbsent(key, promise.future());
        if (running != null) {
            return running;
        }
        call(token, settings)
                .onSuccess(answer -> cache.put(key, answer.activeClaims(), ttlNanos(answer, settings)))
                .onComplete(done -> {
                    inFlight.remove(key, promise.future());
                    promise.handle(done);
                });
        return promise.future();
    }

    int cached() {
        return cache.size();
    }

    long ttlNanos(Answer answer, Introspection settings) {
        if (answer.activeClaims() == null) {
            return NEGATIVE_TTL.toNanos();
        }
        long seconds = settings.cacheSeconds();
        Object exp = answer.activeClaims().getValue("exp");
        if (exp instanceof Number number) {
            seconds = Math.min(seconds, number.longValue() - epochSeconds.getAsLong());
        }
        return Duration.ofSeconds(Math.max(0, seconds)).toNanos();
    }

    private Future<Answer> call(String token, Introspection settings) {
        var request = client.postAbs(settings.endpoint()).timeout(5_000).putHeader("Accept", "application/json");
        if (settings.clientId() != null) {
            String secret = settings.clientSecret() == null ? "" : settings.clientSecret();
            String basic = Base64.getEncoder().encodeToString(
                    (formEncode(settings.clientId()) + ":" + formEncode(secret)).getBytes(StandardCharsets.UTF_8));
            request.putHeader("Authorization", "Basic " + basic);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", "access_token");
        return FormPost.send(request, form)
                .recover(failure -> Future.failedFuture(
                        new IntrospectionUnavailable("the authorization server could not be reached")))
                .compose(TokenIntrospector::answer)
                .onFailure(failure -> LOG.warnf("token introspection at %s failed: %s", settings.endpoint(),
                        failure.getMessage()));
    }

    /**
     * Reads an RFC 7662 answer: HTTP 200 and a JSON object whose {@code active} is a boolean. Anything else (an
     * error status, a page that is not JSON, JSON without a boolean {@code active}) says nothing about the token:
     * it fails, so the agent hears that introspection is unavailable, not that a valid token is inactive.
     */
    private static Future<Answer> answer(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            return Future.failedFuture(new IntrospectionUnavailable(
                    "the authorization server answered HTTP " + response.statusCode()));
        }
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            return Future.failedFuture(new IntrospectionUnavailable(
                    "the authorization server did not answer a JSON object"));
        }
        if (!(body.getValue("active") instanceof Boolean active)) {
            return Future.failedFuture(new IntrospectionUnavailable(
                    "the authorization server's answer has no boolean \"active\""));
        }
        return Future.succeededFuture(new Answer(active ? body : null));
    }

    /** RFC 6749 section 2.3.1: client id and secret are form-encoded before Basic encoding. */
    private static String formEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
