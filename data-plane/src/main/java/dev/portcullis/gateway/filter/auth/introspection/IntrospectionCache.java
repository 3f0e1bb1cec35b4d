package dev.portcullis.gateway.filter.auth.introspection;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Recent introspection answers, keyed by endpoint and the SHA-256 of the token (never the token). Bounded: past
 * {@code maxEntries} the least recently used answer goes. Shared by all event loops; the lock is held only for map
 * operations.
 */
final class IntrospectionCache {

    /** An answer: the endpoint's JSON when active, null when inactive. */
    record Answer(JsonObject claims, long expiresAtNanos) {
        boolean active() {
            return claims != null;
        }
    }

    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Map<String, Answer> answers;

    IntrospectionCache(int maxEntries, LongSupplier nanoTime) {
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        this.answers = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
                return size() > IntrospectionCache.this.maxEntries;
            }
        };
    }

    synchronized Answer get(String key) {
        Answer answer = answers.get(key);
        if (answer != null && nanoTime.getAsLong() - answer.expiresAtNanos() >= 0) {
            answers.remove(key);
            return null;
        }
        return answer;
    }

    /** Keeps {@code claims} (null = inactive) for {@code ttlNanos}; a non-positive ttl stores nothing. */
    synchronized void put(String key, JsonObject claims, long ttlNanos) {
        if (ttlNanos <= 0) {
            answers.remove(key);
            return;
        }
        answers.put(key, new Answer(claims, nanoTime.getAsLong() + ttlNanos));
    }

    synchronized int size() {
        return answers.size();
    }
}
