package dev.portcullis.model.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key schedule shared by {@link SecretSealer} and {@link SecretOpener}: X25519 agreement, then HKDF-SHA256
 * (RFC 5869) with the ephemeral public key as salt and {@value #INFO} + the secret's name as info, so a sealed
 * value cannot be moved to another name.
 */
final class SecretKdf {

    static final String INFO = "portcullis-snapshot-secret-v1";

    private SecretKdf() {
    }

    static SecretKeySpec aesKey(PrivateKey own, PublicKey peer, byte[] epk, String name)
            throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance(X25519Keys.ALGORITHM);
        agreement.init(own);
        agreement.doPhase(peer, true);
        byte[] shared = agreement.generateSecret();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(epk, "HmacSHA256"));
            byte[] prk = mac.doFinal(shared);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update((INFO + name).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            byte[] okm = mac.doFinal();
            Arrays.fill(prk, (byte) 0);
            return new SecretKeySpec(okm, "AES");
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }
}
