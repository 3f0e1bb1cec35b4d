package dev.portcullis.gateway.filter.auth.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntrospectionCacheTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void forgetsAnAnswerWhenItsTimeToLiveIsOver() {
        IntrospectionCache cache = new IntrospectionCache(10, nanos::get);
        cache.put("k", new JsonObject().put("active", true), 100);

        nanos.addAndGet(99);
        assertThat(cache.get("k")).isNotNull();
        nanos.addAndGet(1);
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void keepsInactiveAnswersAsNegativeEntries() {
        IntrospectionCache cache = new IntrospectionCache(10, nanos::get);
        cache.put("k", null, 100);

        assertThat(cache.get("k")).isNotNull();
        assertThat(cache.get("k").active()).isFalse();
    }

    @Test
    void storesNothingWithoutTimeToLive() {
        IntrospectionCache cache = new IntrospectionCache(10, nanos::get);
        cache.put("k", new JsonObject(), 0);

        assertThat(cache.get("k")).isNull();
    }

    @Test
    void evictsTheLeastRecentlyUsedAnswerBeyondItsBound() {
        IntrospectionCache cache = new IntrospectionCache(2, nanos::get);
        cache.put("a", new JsonObject(), 1_000);
        cache.put("b", new JsonObject(), 1_000);
        cache.get("a");
        cache.put("c", new JsonObject(), 1_000);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
    }
}
