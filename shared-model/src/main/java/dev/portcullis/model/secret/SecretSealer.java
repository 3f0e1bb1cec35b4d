package dev.portcullis.model.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secret values to one gateway's X25519 public key (ECIES: a fresh ephemeral key per value, HKDF-SHA256,
 * AES-256-GCM with the name as additional data). Thread-safe.
 */
public final class SecretSealer {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PublicKey recipient;

    public SecretSealer(PublicKey recipient) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
    }

    public SealedSecret seal(String name, String value) {
        try {
            KeyPair ephemeral = X25519Keys.generate();
            byte[] epk = ephemeral.getPublic().getEncoded();
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, SecretKdf.aesKey(ephemeral.getPrivate(), recipient, epk, name),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(B64.encodeToString(epk), B64.encodeToString(nonce), B64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new SealedSecretException("cannot seal secret '" + name + "': " + e.getClass().getSimpleName(), e);
        }
    }
}
