package dev.portcullis.controlplane.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM under the master key, a random 96-bit nonce per value and the secret's name as additional data.
 * Pure and thread-safe; {@link SecretService} holds the one instance.
 */
final class SecretCipher {

    private static final SecureRandom RANDOM = new SecureRandom();

    record Encrypted(byte[] nonce, byte[] ciphertext) {
    }

    private final SecretKey key;

    SecretCipher(SecretKey key) {
        this.key = key;
    }

    Encrypted encrypt(String name, String value) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            return new Encrypted(nonce, cipher(Cipher.ENCRYPT_MODE, name, nonce)
                    .doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt secret '" + name + "'", e);
        }
    }

    /** @throws IllegalStateException when the value was not encrypted under this key and name */
    String decrypt(String name, byte[] nonce, byte[] ciphertext) {
        try {
            return new String(cipher(Cipher.DECRYPT_MODE, name, nonce).doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt secret '" + name + "': wrong master key or altered row");
        }
    }

    private Cipher cipher(int mode, String name, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
