package dev.portcullis.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void parsesHostPortPasswordAndDatabase() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://app:s3cr%40t@cache.local:6380/2");
        assertThat(endpoint).isEqualTo(new RedisEndpoint("cache.local", 6380, "app", "s3cr@t", 2));
    }

    @Test
    void defaultsToPort6379AndDatabaseZero() {
        assertThat(RedisEndpoint.parse("redis://127.0.0.1")).isEqualTo(RedisEndpoint.local(6379));
    }

    @Test
    void keepsThePasswordOutOfToString() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://:hunter2@127.0.0.1:6379");
        assertThat(endpoint.password()).isEqualTo("hunter2");
        assertThat(endpoint.toString()).doesNotContain("hunter2");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> RedisEndpoint.parse("rediss://127.0.0.1:6379"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
