package dev.portcullis.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.snapshot.Ed25519Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedPublicKeyTest {

    @TempDir
    Path dir;

    @Test
    void loadsABase64Key() {
        var key = Ed25519Keys.generate().getPublic();

        assertThat(FeedPublicKey.load(Optional.of(Ed25519Keys.publicToBase64(key)), Optional.empty()))
                .containsExactly(key);
    }

    @Test
    void loadsTwoKeysForARotation() throws Exception {
        var old = Ed25519Keys.generate().getPublic();
        var next = Ed25519Keys.generate().getPublic();
        Path pem = Files.writeString(dir.resolve("feed.pem"), Ed25519Keys.toPem(old) + Ed25519Keys.toPem(next));

        assertThat(FeedPublicKey.load(Optional.of(Ed25519Keys.publicToBase64(old) + ", "
                + Ed25519Keys.publicToBase64(next)), Optional.empty())).containsExactly(old, next);
        assertThat(FeedPublicKey.load(Optional.empty(), Optional.of(pem.toString()))).containsExactly(old, next);
    }

    @Test
    void loadsAPemFile() throws Exception {
        var key = Ed25519Keys.generate().getPublic();
        Path pem = Files.writeString(dir.resolve("feed.pem"), Ed25519Keys.toPem(key));

        assertThat(FeedPublicKey.load(Optional.empty(), Optional.of(pem.toString()))).containsExactly(key);
    }

    @Test
    void failsFastNamingBothSettingsWhenNoKeyIsConfigured() {
        assertThatThrownBy(() -> FeedPublicKey.load(Optional.empty(), Optional.of(" ")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_FEED_PUBLIC_KEY")
                .hasMessageContaining("PORTCULLIS_FEED_PUBLIC_KEY_FILE");
    }

    @Test
    void failsFastOnAnInvalidKey() {
        assertThatThrownBy(() -> FeedPublicKey.load(Optional.of("bm90IGEga2V5"), Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_FEED_PUBLIC_KEY is not");
        assertThatThrownBy(() -> FeedPublicKey.load(Optional.empty(),
                Optional.of(dir.resolve("missing.pem").toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read");
        var key = Ed25519Keys.publicToBase64(Ed25519Keys.generate().getPublic());
        assertThatThrownBy(() -> FeedPublicKey.load(Optional.of(key + ",,"), Optional.empty()))
                .hasMessageContaining("PORTCULLIS_FEED_PUBLIC_KEY is not");
    }

    @Test
    void failsFastOnAFileWithoutAnyKey() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

        assertThatThrownBy(() -> FeedPublicKey.load(Optional.empty(), Optional.of(empty.toString())))
                .hasMessageContaining("is not a PEM Ed25519 public key");
    }
}
