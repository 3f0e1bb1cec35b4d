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
                .isEqualTo(key);
    }

    @Test
    void loadsAPemFile() throws Exception {
        var key = Ed25519Keys.generate().getPublic();
        Path pem = Files.writeString(dir.resolve("feed.pem"), Ed25519Keys.toPem(key));

        assertThat(FeedPublicKey.load(Optional.empty(), Optional.of(pem.toString()))).isEqualTo(key);
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
    }
}
