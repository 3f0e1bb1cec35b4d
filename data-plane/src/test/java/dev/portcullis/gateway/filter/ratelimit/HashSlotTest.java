package dev.portcullis.gateway.filter.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashSlotTest {

    @Test
    void crc16MatchesTheReferenceValueOfTheRedisClusterSpec() {
        byte[] bytes = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(HashSlot.crc16(bytes, 0, bytes.length)).isEqualTo(0x31C3);
    }

    @Test
    void slotsMatchWhatRedisAnswersToClusterKeyslot() {
        // Values from CLUSTER KEYSLOT on Redis 7.
        assertThat(HashSlot.of("foo")).isEqualTo(12182);
        assertThat(HashSlot.of("bar")).isEqualTo(5061);
        assertThat(HashSlot.of("123456789")).isEqualTo(0x31C3 % 16384);
    }

    @Test
    void onlyTheFirstNonEmptyHashTagDecidesTheSlot() {
        assertThat(HashSlot.of("portcullis:{c:k:one}:rate")).isEqualTo(HashSlot.of("x{c:k:one}:quota:0"));
        assertThat(HashSlot.of("{user1000}.following")).isEqualTo(HashSlot.of("user1000"));
        assertThat(HashSlot.of("foo{}{bar}")).as("an empty tag hashes the whole key").isEqualTo(HashSlot.of("foo{}{bar}"))
                .isNotEqualTo(HashSlot.of("bar"));
        assertThat(HashSlot.of("foo{{bar}}zap")).isEqualTo(HashSlot.of("{bar"));
        assertThat(HashSlot.of("foo{bar}{zap}")).isEqualTo(HashSlot.of("bar"));
    }
}
