package dev.portcullis.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRedisIT {

    @TempDir
    Path directory;

    @Test
    void persistentServerKeepsKeysAcrossRestarts() throws Exception {
        Path data = directory.resolve("redis");
        Path log = directory.resolve("logs/redis.log");
        try (EmbeddedRedis redis = EmbeddedRedis.startPersistent(data, 0, log);
             RespClient client = RespClient.connect(redis.endpoint(), Duration.ofSeconds(2))) {
            client.command("SET", "counter", "42");
        }
        try (EmbeddedRedis redis = EmbeddedRedis.startPersistent(data, 0, log);
             RespClient client = RespClient.connect(redis.endpoint(), Duration.ofSeconds(2))) {
            assertThat(client.command("GET", "counter")).isEqualTo("42");
        }
    }

    @Test
    void stopsWhenClosed() throws Exception {
        EmbeddedRedis redis = EmbeddedRedis.startTemporary();
        assertThat(RespClient.answersPing(redis.endpoint(), Duration.ofSeconds(1))).isTrue();
        redis.close();
        assertThat(redis.process().isAlive()).isFalse();
        assertThat(RespClient.answersPing(redis.endpoint(), Duration.ofSeconds(1))).isFalse();
    }
}
