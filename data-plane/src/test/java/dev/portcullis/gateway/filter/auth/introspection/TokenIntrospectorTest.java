package dev.portcullis.gateway.filter.auth.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.proxy.Introspection;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenIntrospectorTest {

    private static final long NOW = 1_800_000_000L;
    private final TokenIntrospector introspector = new TokenIntrospector(null, () -> 0L, () -> NOW, 10);
    private final Introspection settings = new Introspection(true, "http://as/i", "c", "s", 30);

    @Test
    void cachesAnActiveTokenForCacheSecondsButNeverPastItsExpiry() {
        long later = introspector.ttlNanos(new TokenIntrospector.Answer(new JsonObject().put("exp", NOW + 600)),
                settings);
        long soon = introspector.ttlNanos(new TokenIntrospector.Answer(new JsonObject().put("exp", NOW + 5)),
                settings);
        long expired = introspector.ttlNanos(new TokenIntrospector.Answer(new JsonObject().put("exp", NOW - 5)),
                settings);

        assertThat(later).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(soon).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(expired).isZero();
    }

    @Test
    void cachesAnInactiveTokenBriefly() {
        assertThat(introspector.ttlNanos(new TokenIntrospector.Answer(null), settings))
                .isEqualTo(TokenIntrospector.NEGATIVE_TTL.toNanos());
    }

    @Test
    void cachesNothingWhenCacheSecondsIsZero() {
        Introspection uncached = new Introspection(true, "http://as/i", "c", "s", 0);
        assertThat(introspector.ttlNanos(new TokenIntrospector.Answer(new JsonObject()), uncached)).isZero();
    }
}
