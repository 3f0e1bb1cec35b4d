package dev.portcullis.gateway.filter.auth.jwt;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.impl.jose.JWT;
import io.vertx.ext.web.client.WebClient;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The signing keys of each JWKS URL, fetched with the Vert.x web client (never blocking an event loop) and shared
 * by every event loop of the gateway. A URL is fetched on first use; an unknown {@code kid} triggers a refresh, at
 * most once per {@link #REFRESH_INTERVAL} per URL so a flood of tokens with made-up key ids cannot turn the gateway
 * into a load generator against the authorization server. Keys are also re-fetched once they are older than
 * {@link #MAX_AGE} (the old set serves until the new one arrives).
 *
 * <p>Only keys usable with RS256 (2048 bits or more), ES256 (P-256) and EdDSA (Ed25519) are kept: symmetric
 * ({@code oct}) keys and other algorithms are dropped, so an HMAC token can never be checked against a published key.
 */
public final class JwksCache {

    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    static final Duration MAX_AGE = Duration.ofMinutes(15);
    static final Duration FAILED_RETRY = Duration.ofSeconds(1);
    static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");

    private static final Logger LOG = Logger.getLogger(JwksCache.class);

    /** The keys of one URL as of {@code fetchedAt} ({@link System#nanoTime()} scale). */
    record KeySet(JWT verifier, int size, long fetchedAt) {
    }

    private record Entry(Future<KeySet> keys, long startedAt) {
    }

    private final WebClient client;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastRefresh = new ConcurrentHashMap<>();

    public JwksCache(WebClient client) {
        this(client, System::nanoTime);
    }

    JwksCache(WebClient client, LongSupplier nanoTime) {
        this.client = client;
        this.nanoTime = nanoTime;
    }

    /** The current keys of {@code url}, fetching them when unknown, failed a while ago, or stale. */
    Future<KeySet> keys(String url) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.compute(url, (key, current) -> {
            if (current == null) {
                return new Entry(fetch(url), now);
            }
            Future<KeySet> keys = current.keys();
            if (keys.failed() && now - current.startedAt() > FAILED_RETRY.toNanos()) {
                return new Entry(fetch(url), now);
            }
            if (keys.succeeded() && now - keys.result().fetchedAt() > MAX_AGE.toNanos()
                    && now - current.startedAt() > REFRESH_INTERVAL.toNanos()) {
                fetch(url).onSuccess(fresh -> entries.put(url, new Entry(Future.succeededFuture(fresh), now)));
                return new Entry(keys, now);
            }
            return current;
        });
        return entry.keys();
    }

    /**
     * Re-fetches {@code url} because a token named a key we do not know, unless such a refresh of that URL
     * happened less than {@link #REFRESH_INTERVAL} ago (the first fetch does not count): then the current keys
     * are returned as they are.
     */
    Future<KeySet> refresh(String url) {
        long now = nanoTime.getAsLong();
        boolean[] allowed = {false};
        lastRefresh.compute(url, (key, last) -> {
            allowed[0] = last == null || now - last >= REFRESH_INTERVAL.toNanos();
            return allowed[0] ? Long.valueOf(now) : last;
        });
        if (!allowed[0]) {
            return keys(url);
        }
        Entry entry = entries.compute(url, (key, current) -> {
            Future<KeySet> fresh = fetch(url);
            if (current != null && current.keys().succeeded()) {
                // keep serving the old keys if the refresh fails
                Future<KeySet> old = current.keys();
                fresh = fresh.recover(failure -> old);
            }
            return new Entry(fresh, now);
        });
        return entry.keys();
    }

    private Future<KeySet> fetch(String url) {
        return client.getAbs(url).putHeader("Accept", "application/json").timeout(5_000).send()
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture("JWKS answered HTTP " + response.statusCode());
                    }
                    return Future.succeededFuture(parse(response.bodyAsJsonObject(), nanoTime.getAsLong()));
                })
                .onFailure(failure -> LOG.warnf("JWKS fetch from %s failed: %s", url, failure.getMessage()));
    }

    static KeySet parse(JsonObject jwks, long fetchedAt) {
        JWT verifier = new JWT();
        int usable = 0;
        JsonArray keys = jwks == null ? null : jwks.getJsonArray("keys");
        if (keys != null) {
            for (Object element : keys) {
                if (element instanceof JsonObject key && usable(key)) {
                    try {
                        JWK jwk = new JWK(key);
                        if (jwk.publicKey() == null) {
                            continue; // an incomplete entry; a token is never checked against it
                        }
                        if (jwk.publicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
                            continue; // too weak to trust (RFC 7518 section 3.3)
                        }
                        verifier.addJWK(jwk);
                        usable++;
                    } catch (RuntimeException e) {
                        LOG.debugf("skipping unusable JWKS key %s: %s", key.getString("kid"), e.getMessage());
                    }
                }
            }
        }
        return new KeySet(verifier, usable, fetchedAt);
    }

    /** A public signing key for one of the allowed algorithms; anything else is never loaded. */
    private static boolean usable(JsonObject key) {
        String use = key.getString("use");
        if (use != null && !"sig".equals(use)) {
            return false;
        }
        String kty = key.getString("kty");
        String alg = key.getString("alg");
        return switch (kty == null ? "" : kty) {
            case "RSA" -> alg == null || "RS256".equals(alg);
            case "EC" -> (alg == null || "ES256".equals(alg)) && "P-256".equals(key.getString("crv"));
            case "OKP" -> (alg == null || "EdDSA".equals(alg)) && "Ed25519".equals(key.getString("crv"));
            default -> false;
        };
    }
}
