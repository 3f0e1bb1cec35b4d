package dev.portcullis.launcher.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Redis server plus a key prefix owned by one test run. Everything the test writes must live under
 * {@link #keyPrefix()}; closing deletes those keys (SCAN + DEL), so runs sharing one server never collide.
 */
public final class TestRedisEndpoint implements AutoCloseable {

    private final RedisEndpoint endpoint;
    private final String keyPrefix;
    private boolean closed;

    TestRedisEndpoint(RedisEndpoint endpoint, String keyPrefix) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    /** e.g. {@code redis://127.0.0.1:6379}. */
    public String url() {
        return endpoint.url();
    }

    /** Unique per call, e.g. {@code pt:3f9a0c1b2d4e:}. Contains no glob characters. */
    public String keyPrefix() {
        return keyPrefix;
    }

    public String host() {
        return endpoint.host();
    }

    public int port() {
        return endpoint.port();
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Keys currently under the prefix (test support: prove cleanup, inspect counters). */
    public List<String> keys() {
        try (RespClient client = RespClient.connect(endpoint, Duration.ofSeconds(5))) {
            var keys = new java.util.ArrayList<String>();
            String cursor = "0";
            do {
                List<?> reply = (List<?>) client.command("SCAN", cursor, "MATCH", keyPrefix + "*", "COUNT", "500");
                cursor = (String) reply.get(0);
                for (Object key : (List<?>) reply.get(1)) {
                    keys.add((String) key);
                }
            } while (!"0".equals(cursor));
            return List.copyOf(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("could not scan " + endpoint, e);
        }
    }

    /** Deletes every key under the prefix; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> keys = keys();
        if (keys.isEmpty()) {
            return;
        }
        try (RespClient client = RespClient.connect(endpoint, Duration.ofSeconds(5))) {
            for (int start = 0; start < keys.size(); start += 500) {
                List<String> batch = keys.subList(start, Math.min(keys.size(), start + 500));
                String[] command = new String[batch.size() + 1];
                command[0] = "DEL";
                for (int i = 0; i < batch.size(); i++) {
                    command[i + 1] = batch.get(i);
                }
                client.command(command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete test keys from " + endpoint, e);
        }
    }

    @Override
    public String toString() {
        return "TestRedisEndpoint[" + endpoint + ", prefix=" + keyPrefix + "]";
    }
}
