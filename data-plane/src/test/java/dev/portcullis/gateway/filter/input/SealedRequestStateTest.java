package dev.portcullis.gateway.filter.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.runtime.SessionBinding;
import dev.portcullis.gateway.runtime.SessionKeyRing;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealedRequestStateTest {

    private static final Instant NOW = Instant.parse("2026-08-01T00:00:00Z");
    private static final SealedRequestState STATE = new SealedRequestState("p", "key:k", "tools/call ask",
            "upstream-state", List.of("capital_of_france"));

    private static SessionKeyRing ring() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return SessionKeyRing.of(SessionKeyRing.key("1", raw, null));
    }

    @Test
    void opensWhatItSealedWithTheSnapshotKeys() {
        SessionKeyRing ring = ring();

        String sealed = STATE.seal(ring);

        assertThat(SealedRequestState.claims(sealed)).isTrue();
        assertThat(sealed).doesNotContain("upstream-state").doesNotContain("capital");
        assertThat(SealedRequestState.open(ring, sealed, NOW)).isEqualTo(STATE);
    }

    @Test
    void fallsBackToTheGatewaysOwnKeyWhenTheSnapshotHasNone() {
        SealedRequestState none = new SealedRequestState("p", "anonymous", "prompts/get p", null,
                List.of("a", "b"));

        String sealed = none.seal(SessionKeyRing.NONE);

        assertThat(SealedRequestState.open(SessionKeyRing.NONE, sealed, NOW)).isEqualTo(none);
        assertThat(SealedRequestState.open(ring(), sealed, NOW)).isEqualTo(none);
    }

    @Test
    void refusesAlteredForeignOrSessionTokens() {
        SessionKeyRing ring = ring();
        String sealed = STATE.seal(ring);
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
        String session = ring.seal(new SessionBinding("p", "key:k", "upstream-state"));

        assertThat(SealedRequestState.open(ring, altered, NOW)).isNull();
        assertThat(SealedRequestState.open(ring(), sealed, NOW)).isNull();
        assertThat(SealedRequestState.open(ring, "pr1." + session.substring(4), NOW)).isNull();
        assertThat(SealedRequestState.open(ring, "pr1.nonsense", NOW)).isNull();
    }
}
