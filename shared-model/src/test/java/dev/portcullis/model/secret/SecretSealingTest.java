package dev.portcullis.model.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretSealingTest {

    private final KeyPair gateway = X25519Keys.generate();

    @Test
    void opensWhatWasSealedToItsKey() {
        SealedSecret sealed = new SecretSealer(gateway.getPublic()).seal("github-pat", "ghp_s3cr3t");

        assertThat(new SecretOpener(gateway.getPrivate()).open("github-pat", sealed)).isEqualTo("ghp_s3cr3t");
        assertThat(sealed.ciphertext()).doesNotContain("ghp_s3cr3t");
        assertThat(sealed.toString()).doesNotContain(sealed.ciphertext());
    }

    @Test
    void sealsTheSameValueDifferentlyEachTime() {
        SecretSealer sealer = new SecretSealer(gateway.getPublic());

        assertThat(sealer.seal("a", "v").ciphertext()).isNotEqualTo(sealer.seal("a", "v").ciphertext());
    }

    @Test
    void anotherKeyCannotOpen() {
        SealedSecret sealed = new SecretSealer(gateway.getPublic()).seal("github-pat", "ghp_s3cr3t");

        assertThatThrownBy(() -> new SecretOpener(X25519Keys.generate().getPrivate()).open("github-pat", sealed))
                .isInstanceOf(SealedSecretException.class)
                .hasMessageContaining("github-pat")
                .hasMessageNotContaining("ghp_s3cr3t");
    }

    @Test
    void aValueIsBoundToItsName() {
        SealedSecret sealed = new SecretSealer(gateway.getPublic()).seal("github-pat", "ghp_s3cr3t");

        assertThatThrownBy(() -> new SecretOpener(gateway.getPrivate()).open("other", sealed))
                .isInstanceOf(SealedSecretException.class);
    }

    @Test
    void tamperedCiphertextNonceOrKeyFails() {
        SealedSecret sealed = new SecretSealer(gateway.getPublic()).seal("n", "value");
        SecretOpener opener = new SecretOpener(gateway.getPrivate());

        assertThatThrownBy(() -> opener.open("n", new SealedSecret(sealed.epk(), sealed.nonce(),
                flip(sealed.ciphertext())))).isInstanceOf(SealedSecretException.class);
        assertThatThrownBy(() -> opener.open("n", new SealedSecret(sealed.epk(), flip(sealed.nonce()),
                sealed.ciphertext()))).isInstanceOf(SealedSecretException.class);
        assertThatThrownBy(() -> opener.open("n", new SealedSecret(
                X25519Keys.encodePublic(X25519Keys.generate().getPublic()), sealed.nonce(), sealed.ciphertext())))
                .isInstanceOf(SealedSecretException.class);
    }

    @Test
    void keysSurviveTheirEncodings() {
        String pem = X25519Keys.privatePem(gateway.getPrivate());
        SealedSecret sealed = new SecretSealer(X25519Keys.decodePublic(X25519Keys.encodePublic(gateway.getPublic())))
                .seal("n", "value");

        assertThat(new SecretOpener(X25519Keys.privateFromPem(pem)).open("n", sealed)).isEqualTo("value");
        assertThatThrownBy(() -> X25519Keys.decodePublic("not-a-key")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String flip(String base64url) {
        byte[] bytes = Base64.getUrlDecoder().decode(base64url);
        bytes[bytes.length - 1] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
