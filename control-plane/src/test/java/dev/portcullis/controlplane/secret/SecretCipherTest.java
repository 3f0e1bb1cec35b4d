package dev.portcullis.controlplane.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private final SecretCipher cipher = new SecretCipher(randomKey());

    @Test
    void decryptsWhatItEncryptedWithoutStoringThePlaintext() {
        SecretCipher.Encrypted encrypted = cipher.encrypt("pat", "ghp_value");

        assertThat(new String(encrypted.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("ghp_value");
        assertThat(encrypted.nonce()).hasSize(12);
        assertThat(cipher.decrypt("pat", encrypted.nonce(), encrypted.ciphertext())).isEqualTo("ghp_value");
    }

    @Test
    void aRowMovedToAnotherNameOrUnderAnotherKeyDoesNotDecrypt() {
        SecretCipher.Encrypted encrypted = cipher.encrypt("pat", "ghp_value");

        assertThatThrownBy(() -> cipher.decrypt("other", encrypted.nonce(), encrypted.ciphertext()))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("ghp_value");
        assertThatThrownBy(() -> new SecretCipher(randomKey()).decrypt("pat", encrypted.nonce(),
                encrypted.ciphertext())).isInstanceOf(IllegalStateException.class);
    }

    private static SecretKeySpec randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }
}
