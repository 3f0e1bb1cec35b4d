package dev.portcullis.gateway.filter.auth;

import dev.portcullis.gateway.filter.auth.introspection.TokenIntrospector;
import dev.portcullis.gateway.filter.auth.jwt.JwksCache;
import dev.portcullis.gateway.filter.auth.jwt.JwtVerifier;
import dev.portcullis.gateway.filter.auth.prm.TrustedProxies;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.Objects;

/**
 * What bearer-token authentication shares across all event loops of one gateway: the JWKS cache, the
 * introspection cache and client, and the trusted proxies for {@code X-Forwarded-*}. {@link #close()} when the
 * gateway stops.
 */
public record TokenServices(JwtVerifier jwt, TokenIntrospector introspector, TrustedProxies trustedProxies,
                            Clock clock, WebClient client) {

    public TokenServices {
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(introspector, "introspector");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(client, "client");
    }

    public static TokenServices create(Vertx vertx, TrustedProxies trustedProxies) {
        WebClient client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(5_000)
                .setUserAgent("portcullis-gateway")
                .setFollowRedirects(false));
        return new TokenServices(new JwtVerifier(new JwksCache(client)), new TokenIntrospector(client),
                trustedProxies, Clock.systemUTC(), client);
    }

    /** Closes the HTTP client shared by the JWKS cache and the introspector. */
    public void close() {
        client.close();
    }
}
