package dev.portcullis.gateway.support;

import dev.portcullis.model.secret.SecretSealer;
import dev.portcullis.model.snapshot.SessionKeys;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Session key material made for one test, sealed into snapshots for a given gateway as the control plane does. */
public final class TestSessionKeys {

    /** One raw key; {@code openUntil} null for the current key. */
    public record RawKey(String id, byte[] raw, Instant openUntil) {
        public RawKey until(Instant deadline) {
            return new RawKey(id, raw, deadline);
        }
    }

    private TestSessionKeys() {
    }

    public static RawKey generate(String id) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new RawKey(id, raw, null);
    }

    /** The snapshot's {@code sessionKeys} for the gateway owning {@code gatewayKey}: the first key is current. */
    public static SessionKeys sealedFor(PublicKey gatewayKey, RawKey current, RawKey... previous) {
        SecretSealer sealer = new SecretSealer(gatewayKey);
        List<SessionKeys.SessionKey> keys = new ArrayList<>();
        keys.add(seal(sealer, current));
        for (RawKey key : previous) {
            keys.add(seal(sealer, key));
        }
        return new SessionKeys(current.id(), keys);
    }

    private static SessionKeys.SessionKey seal(SecretSealer sealer, RawKey key) {
        return new SessionKeys.SessionKey(key.id(), sealer.seal(SessionKeys.sealedName(key.id()),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key.raw())), key.openUntil());
    }
}
