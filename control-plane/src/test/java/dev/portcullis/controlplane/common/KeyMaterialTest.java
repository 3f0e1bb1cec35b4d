package dev.portcullis.controlplane.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
                false))).hasMessageContaining("PORTCULLIS_TEST_KEY_FILE names");
    }

    @Test
    void processesStartingAtOnceOnASharedVolumeAllEndWithTheKeyOnDisk() throws Exception {
        int starters = 16;
        ExecutorService pool = Executors.newFixedThreadPool(starters);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> keys = new ArrayList<>();
        try {
            for (int i = 0; i < starters; i++) {
                keys.add(pool.submit(() -> {
                    start.await();
                    return KeyMaterial.load(spec(Optional.empty(), Optional.empty(), true)).text();
                }));
            }
            start.countDown();
            Set<String> distinct = new java.util.HashSet<>();
            for (Future<String> key : keys) {
                distinct.add(key.get(10, TimeUnit.SECONDS));
            }
            assertThat(distinct).containsExactly(Files.readString(dir.resolve("keys/test.key")));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/test.key"))))
                    .isEqualTo("rw-------");
            try (var left = Files.list(dir.resolve("keys"))) {
                assertThat(left.map(path -> path.getFileName().toString()).collect(Collectors.toList()))
                        .containsExactly("test.key");
            }
        } finally {
            pool.shutdownNow();
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
