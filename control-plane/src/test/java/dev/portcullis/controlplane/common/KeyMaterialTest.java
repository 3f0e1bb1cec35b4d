package dev.portcullis.controlplane.common;

import dev.portcullis.controlplane.support.AtOnce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyMaterialTest {

    @TempDir
    Path dir;

    private KeyMaterial.Spec spec(Optional<String> inline, Optional<String> file, boolean generate) {
        return new KeyMaterial.Spec("the test key", "PORTCULLIS_TEST_KEY", inline, file, dir.resolve("keys/test.key"),
                generate, () -> UUID.randomUUID() + "\n");
    }

    @Test
    void refusesToStartWithoutAKeyUnlessGeneratingIsAllowed() {
        assertThatThrownBy(() -> KeyMaterial.load(spec(Optional.empty(), Optional.empty(), false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_TEST_KEY_FILE")
                .hasMessageContaining("PORTCULLIS_GENERATE_KEYS=true");
        assertThat(dir.resolve("keys/test.key")).doesNotExist();
    }

    @Test
    void takesTheInlineSettingFirstAndNeverEchoesIt() {
        KeyMaterial.Loaded loaded = KeyMaterial.load(spec(Optional.of("s3cret-value"), Optional.empty(), true));

        assertThat(loaded.text()).isEqualTo("s3cret-value");
        assertThat(loaded.source()).isEqualTo("PORTCULLIS_TEST_KEY");
        assertThat(dir.resolve("keys/test.key")).doesNotExist();
    }

    @Test
    void refusesBothTheSettingAndTheFile() {
        assertThatThrownBy(() -> KeyMaterial.load(spec(Optional.of("s3cret-value"), Optional.of("/x"), false)))
                .hasMessageContaining("both PORTCULLIS_TEST_KEY and PORTCULLIS_TEST_KEY_FILE")
                .hasMessageNotContaining("s3cret-value");
    }

    @Test
    void neverEchoesAFileSettingThatHoldsTheKeyItself() {
        String key = "c2VjcmV0LWtleS1tYXRlcmlhbC0zMi1ieXRlcyE=";

        assertThatThrownBy(() -> KeyMaterial.load(spec(Optional.empty(), Optional.of(key), false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_TEST_KEY_FILE does not name a readable file")
                .hasMessageNotContaining(key);
        assertThatThrownBy(() -> KeyMaterial.load(spec(Optional.empty(), Optional.of(key + "\u0000"), false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(key);
    }

    @Test
    void readsAnOperatorFileAndRefusesOneEveryUserCanRead() throws Exception {
        Path file = dir.resolve("mounted.key");
        Files.writeString(file, "from-file");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));

        assertThat(KeyMaterial.load(spec(Optional.empty(), Optional.of(file.toString()), false)).text())
                .isEqualTo("from-file");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyMaterial.load(spec(Optional.empty(), Optional.of(file.toString()), false)))
                .hasMessageContaining("accessible to every local user")
                .hasMessageNotContaining("from-file");
        assertThatThrownBy(() -> KeyMaterial.load(spec(Optional.empty(), Optional.of(dir.resolve("none").toString()),
                false))).hasMessageContaining("PORTCULLIS_TEST_KEY_FILE does not name a readable file");
    }

    @Test
    void processesStartingAtOnceOnASharedVolumeAllEndWithTheKeyOnDisk() throws Exception {
        List<String> keys = AtOnce.run(16,
                () -> KeyMaterial.load(spec(Optional.empty(), Optional.empty(), true)).text());

        assertThat(Set.copyOf(keys)).containsExactly(Files.readString(dir.resolve("keys/test.key")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/test.key"))))
                .isEqualTo("rw-------");
        try (var left = Files.list(dir.resolve("keys"))) {
            assertThat(left.map(path -> path.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactly("test.key");
        }
    }

    @Test
    void readsPemOrOneLineBase64() {
        byte[] der = {1, 2, 3, 4, 5, 6};
        String base64 = java.util.Base64.getEncoder().encodeToString(der);

        assertThat(KeyMaterial.der("-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n",
                "s", "k")).isEqualTo(der);
        assertThat(KeyMaterial.der(base64, "s", "k")).isEqualTo(der);
        assertThatThrownBy(() -> KeyMaterial.der("not*base64", "PORTCULLIS_X", "the key"))
                .hasMessage("the key in PORTCULLIS_X is neither PEM nor base64");
    }
}
