package dev.portcullis.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestRedisIT {

    @Test
    void givesEachCallADistinctPrefixAndDeletesOnlyItsOwnKeysOnClose() throws Exception {
        TestRedisEndpoint mine = TestRedis.create();
        try (TestRedisEndpoint other = TestRedis.create()) {
            assertThat(mine.keyPrefix()).startsWith("pt:").endsWith(":").isNotEqualTo(other.keyPrefix());
            assertThat(mine.url()).isEqualTo("redis://" + mine.host() + ":" + mine.port());

            try (RespClient client = RespClient.connect(mine.endpoint(), Duration.ofSeconds(2))) {
                for (int i = 0; i < 1200; i++) {
                    client.command("SET", mine.keyPrefix() + "k" + i, "v");
                }
                client.command("SET", other.keyPrefix() + "k", "v");
            }
            assertThat(mine.keys()).hasSize(1200);

            mine.close();

            assertThat(mine.keys()).isEmpty();
            assertThat(other.keys()).containsExactly(other.keyPrefix() + "k");
        }
    }
}
