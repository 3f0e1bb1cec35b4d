package dev.portcullis.model.key;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTokensTest {

    @Test
    void generatesPrefixedBase64UrlTokensOf256Bits() {
        String token = KeyTokens.generate();

        assertThat(token).startsWith("pcs_").matches("pcs_[A-Za-z0-9_-]{43,}");
        assertThat(KeyTokens.looksLikeKey(token)).isTrue();
    }

    @Test
    void neverRepeatsATokenAcrossManyDraws() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(KeyTokens.generate());
        }

        assertThat(seen).hasSize(1000);
    }

    @Test
    void hashesToLowercaseHexSha256() {
        assertThat(KeyTokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(KeyTokens.hash(KeyTokens.generate())).matches("[0-9a-f]{64}");
    }

    @Test
    void tellsKeysFromOtherCredentialsByShape() {
        assertThat(KeyTokens.looksLikeKey("Bearer eyJhbGciOi")).isFalse();
        assertThat(KeyTokens.looksLikeKey("pcs_short")).isFalse();
        assertThat(KeyTokens.looksLikeKey("pcs_" + "a".repeat(42) + "+")).isFalse();
        assertThat(KeyTokens.looksLikeKey(null)).isFalse();
    }

    @Test
    void keysExpireAtTheirExpiryInstant() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        KeyEntry key = new KeyEntry("k", "bot", KeyTokens.hash("t"), expiry, null, List.of("gold"));

        assertThat(key.isExpired(expiry.minusMillis(1))).isFalse();
        assertThat(key.isExpired(expiry)).isTrue();
        assertThat(new KeyEntry("k", null, KeyTokens.hash("t"), null, null, null).isExpired(Instant.MAX)).isFalse();
        assertThat(key.proxies()).isEmpty();
    }
}
