package dev.portcullis.model.snapshot;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ed25519KeysTest {

    private final KeyPair keys = Ed25519Keys.generate();

    @Test
    void roundTripsPrivateKeysThroughPkcs8Pem() {
        String pem = Ed25519Keys.toPem(keys.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Ed25519Keys.privateFromPem(pem).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void roundTripsPublicKeysThroughPemAndBase64() {
        String pem = Ed25519Keys.toPem(keys.getPublic());
        String base64 = Ed25519Keys.publicToBase64(keys.getPublic());

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Ed25519Keys.publicFromPem(pem)).isEqualTo(keys.getPublic());
        assertThat(Ed25519Keys.publicFromBase64(base64)).isEqualTo(keys.getPublic());
    }

    @Test
    void derivesThePublicKeyFromThePrivateKey() {
        assertThat(Ed25519Keys.publicFromPrivate(keys.getPrivate())).isEqualTo(keys.getPublic());
        assertThat(Ed25519Keys.publicFromPrivate(Ed25519Keys.privateFromPem(Ed25519Keys.toPem(keys.getPrivate()))))
                .isEqualTo(keys.getPublic());
    }

    @Test
    void keyIdIsTheFirst16HexCharactersOfTheDerHash() {
        String keyId = Ed25519Keys.keyId(keys.getPublic());

        assertThat(keyId).matches("[0-9a-f]{16}");
        assertThat(Ed25519Keys.keyId(Ed25519Keys.generate().getPublic())).isNotEqualTo(keyId);
    }

    @Test
    void rejectsGarbageWithoutEchoingIt() {
        assertThatThrownBy(() -> Ed25519Keys.privateFromPem("secret-material"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret-material");
        assertThatThrownBy(() -> Ed25519Keys.publicFromBase64("c2VjcmV0"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("c2VjcmV0");
        assertThatThrownBy(() -> Ed25519Keys.publicFromPem(Ed25519Keys.toPem(keys.getPrivate())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
