package dev.portcullis.launcher.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Gives each test a Redis endpoint with its own key prefix.
 *
 * <p>The server is chosen once per JVM: {@code PORTCULLIS_TEST_REDIS_URL}, else 127.0.0.1:6379 if it answers PING
 * within about a second, else one embedded Redis on a free port, started on first use and stopped at JVM exit.
 * Thread-safe.
 */
public final class TestRedis {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static RedisEndpoint server;

    private TestRedis() {
    }

    /** A fresh prefix {@code pt:<random>:} on the chosen server. Close it to delete its keys. */
    public static TestRedisEndpoint create() {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        return new TestRedisEndpoint(server(), "pt:" + HexFormat.of().formatHex(suffix) + ":");
    }

    /** The server this JVM's tests use; resolved (and, if embedded, started) on first call. */
    public static synchronized RedisEndpoint server() {
        if (server == null) {
            server = resolve();
        }
        return server;
    }

    private static RedisEndpoint resolve() {
        String url = System.getenv("PORTCULLIS_TEST_REDIS_URL");
        if (url != null && !url.isBlank()) {
            return RedisEndpoint.parse(url);
        }
        RedisEndpoint local = RedisEndpoint.local(6379);
        if (RespClient.answersPing(local, Duration.ofSeconds(1))) {
            return local;
        }
        try {
            EmbeddedRedis embedded = EmbeddedRedis.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "portcullis-test-redis-stop"));
            return embedded.endpoint();
        } catch (IOException e) {
            throw new UncheckedIOException("no Redis configured or on 127.0.0.1:6379, and the embedded one failed "
                    + "to start", e);
        }
    }
}
