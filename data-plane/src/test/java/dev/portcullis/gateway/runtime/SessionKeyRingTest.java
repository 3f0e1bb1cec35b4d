package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.upstream.SecretResolver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.secret.SecretSealer;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.SessionKeys;
import dev.portcullis.gateway.upstream.SnapshotSecretResolver;
import dev.portcullis.model.secret.SecretOpener;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class SessionKeyRingTest {

    private static final Instant NOW = Instant.parse("2026-12-06T04:00:00Z");
    private static final SessionBinding BINDING = new SessionBinding("mock", "key:k1", "upstream-session-1");

    private static SessionKeyRing.Key key(String id, Instant openUntil) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return SessionKeyRing.key(id, raw, openUntil);
    }

    @Test
    void opensWhatItSealed() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));

        String sealed = ring.seal(BINDING);

        assertThat(ring.open(sealed, NOW)).isEqualTo(BINDING);
        assertThat(sealed).startsWith("ps1.1.").matches("[A-Za-z0-9._-]+");
        assertThat(new String(Base64.getUrlDecoder().decode(sealed.substring(6)), StandardCharsets.ISO_8859_1))
                .doesNotContain("upstream-session-1").doesNotContain("key:k1").doesNotContain("mock");
    }

    @Test
    void carriesTheTargetOfABalancedSessionAndAnUnbalancedOneOpensWithoutIt() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));
        SessionBinding balanced = new SessionBinding("mock", "anonymous:", "upstream-session-2", "AbCdEfGhIjK");

        assertThat(ring.open(ring.seal(balanced), NOW)).isEqualTo(balanced);
        assertThat(ring.open(ring.seal(BINDING), NOW).target()).isEmpty();
    }

    @Test
    void sealsTheSameSessionDifferentlyEachTime() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));

        assertThat(ring.seal(BINDING)).isNotEqualTo(ring.seal(BINDING));
    }

    @Test
    void refusesAnAlteredSealedId() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));
        String sealed = ring.seal(BINDING);

        for (int i = 0; i < sealed.length(); i++) {
            for (char replaced : new char[] {'A', 'B', 'f', '_'}) {
                if (sealed.charAt(i) != replaced) {
                    String altered = sealed.substring(0, i) + replaced + sealed.substring(i + 1);
                    assertThat(ring.open(altered, NOW)).as("%s at %d", replaced, i).isNull();
                }
            }
        }
        assertThat(ring.open(sealed.substring(0, sealed.length() - 1), NOW)).isNull();
        assertThat(ring.open(sealed + "A", NOW)).isNull();
    }

    @Test
    void refusesAnotherSpellingOfTheSameBytes() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));
        String sealed = ring.seal(BINDING);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = sealed.charAt(sealed.length() - 1);
        String sameBytes = sealed.substring(0, sealed.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);

        assertThat(Base64.getUrlDecoder().decode(sameBytes.substring(6)))
                .isEqualTo(Base64.getUrlDecoder().decode(sealed.substring(6)));
        assertThat(ring.open(sameBytes, NOW)).isNull();
    }

    @Test
    void refusesIdsSealedWithAnotherKeyOrNotSealedAtAll() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));
        SessionKeyRing foreign = SessionKeyRing.of(key("1", null));

        assertThat(ring.open(foreign.seal(BINDING), NOW)).isNull();
        assertThat(ring.open("upstream-session-1", NOW)).isNull();
        assertThat(ring.open("ps1.", NOW)).isNull();
        assertThat(ring.open("ps1.1.", NOW)).isNull();
        assertThat(ring.open("ps1.1.!!!", NOW)).isNull();
        assertThat(ring.open("ps1.9." + "A".repeat(60), NOW)).isNull();
        assertThat(ring.open(null, NOW)).isNull();
    }

    @Test
    void refusesOversizedIdsBeforeDecodingThem() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));

        assertThat(ring.open("ps1.1." + "A".repeat(SessionKeyRing.MAX_SEALED_LENGTH), NOW)).isNull();
    }

    @Test
    void opensWithAPreviousKeyUntilItsDeadlineButSealsWithTheCurrentOne() {
        SessionKeyRing.Key old = key("1", NOW.plusSeconds(60));
        String sealedBefore = SessionKeyRing.of(old).seal(BINDING);
        SessionKeyRing rotated = SessionKeyRing.of(key("2", null), old);

        assertThat(rotated.open(sealedBefore, NOW)).isEqualTo(BINDING);
        assertThat(rotated.seal(BINDING)).startsWith("ps1.2.");
        assertThat(rotated.open(sealedBefore, NOW.plusSeconds(61))).isNull();
    }

    @Test
    void anIdThatOpenedOpensAgainWhileAnAlteredCopyStillDoesNot() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));
        String sealed = ring.seal(BINDING);
        assertThat(ring.open(sealed, NOW)).isEqualTo(BINDING);

        char last = sealed.charAt(sealed.length() - 1);
        String altered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(ring.open(altered, NOW)).isNull();
        assertThat(ring.open(sealed + "A", NOW)).isNull();
        assertThat(ring.open(sealed, NOW)).isEqualTo(BINDING);
        assertThat(SessionKeyRing.of(key("1", null)).open(sealed, NOW)).as("another ring with another key 1").isNull();
    }

    @Test
    void aPrefixNamingAnotherKeyDoesNotOpen() {
        SessionKeyRing.Key one = key("1", null);
        SessionKeyRing.Key two = key("2", null);
        SessionKeyRing ring = SessionKeyRing.of(one, two);
        String sealed = ring.seal(BINDING);

        assertThat(ring.open("ps1.2." + sealed.substring("ps1.1.".length()), NOW)).isNull();
    }

    @Test
    void refusesToSealAnUpstreamIdTooLongToComeBack() {
        SessionKeyRing ring = SessionKeyRing.of(key("1", null));

        assertThatThrownBy(() -> ring.seal(new SessionBinding("mock", "key:k1", "x".repeat(5000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("xxxx");
    }

    @Test
    void opensTheKeysASnapshotCarriesSealedToTheGateway() {
        KeyPair gateway = X25519Keys.generate();
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        SecretSealer sealer = new SecretSealer(gateway.getPublic());
        SessionKeys keys = new SessionKeys("7", List.of(new SessionKeys.SessionKey("7",
                sealer.seal(SessionKeys.sealedName("7"), Base64.getUrlEncoder().withoutPadding().encodeToString(raw)),
                null)));
        ConfigSnapshot snapshot = new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, 1, NOW, List.of(), List.of(),
                List.of(), List.of(), java.util.Map.of(), keys);

        SessionKeyRing ring = SessionKeyRing.of(keys,
                new SnapshotSecretResolver(snapshot, new SecretOpener(gateway.getPrivate())));
        SessionKeyRing same = SessionKeyRing.of(SessionKeyRing.key("7", raw, null));

        assertThat(same.open(ring.seal(BINDING), NOW)).isEqualTo(BINDING);
        assertThatThrownBy(() -> SessionKeyRing.of(keys,
                new SnapshotSecretResolver(snapshot, new SecretOpener(X25519Keys.generate().getPrivate()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session key 7");
        assertThatThrownBy(() -> SessionKeyRing.of(keys, SecretResolver.LITERAL))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
