package dev.portcullis.controlplane.distribution;

import dev.portcullis.model.snapshot.Ed25519Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class SigningKeyFilesTest {

    @TempDir
    Path root;
    Path dir;
    private boolean immutable;

    @BeforeEach
    void createDirectory() throws IOException {
        dir = Files.createDirectory(root.resolve("signing"));
    }

    @AfterEach
    void makeWritableAgain() throws Exception {
        if (immutable) {
            new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void generatesBothFilesOnFirstStartWithThePrivateOneOwnerOnly() throws Exception {
        Files.delete(dir);

        PrivateKey key = new SigningKeyFiles(dir).loadOrCreate();

        assertThat(mode(dir.resolve(SigningKeyFiles.PRIVATE_FILE))).isEqualTo("rw-------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(Files.readString(dir.resolve(SigningKeyFiles.PUBLIC_FILE)))
                .isEqualTo(Ed25519Keys.toPem(Ed25519Keys.publicFromPrivate(key)));
    }

    @Test
    void leavesAMatchingPublicKeyUntouched() throws Exception {
        KeyPair pair = writePair("rw-------");
        Path publicFile = dir.resolve(SigningKeyFiles.PUBLIC_FILE);
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(publicFile, old);

        new SigningKeyFiles(dir).loadOrCreate();

        assertThat(Files.getLastModifiedTime(publicFile)).isEqualTo(old);
        assertThat(Files.readString(publicFile)).isEqualTo(Ed25519Keys.toPem(pair.getPublic()));
    }

    @Test
    void startsFromAReadOnlyDirectoryLikeAKubernetesSecretMount() throws Exception {
        KeyPair pair = writePair("r--r-----");
        readOnly();

        PrivateKey key = new SigningKeyFiles(dir).loadOrCreate();

        assertThat(key.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    }

    @Test
    void carriesOnWhenThePublicKeyIsMissingAndCannotBeWritten() throws Exception {
        KeyPair pair = writePair("rw-------");
        Files.delete(dir.resolve(SigningKeyFiles.PUBLIC_FILE));
        readOnly();

        PrivateKey key = new SigningKeyFiles(dir).loadOrCreate();

        assertThat(key.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(dir.resolve(SigningKeyFiles.PUBLIC_FILE)).doesNotExist();
    }

    @Test
    void refusesAPublicKeyThatDoesNotBelongToThePrivateKey() throws Exception {
        writePair("rw-------");
        Files.writeString(dir.resolve(SigningKeyFiles.PUBLIC_FILE), Ed25519Keys.toPem(Ed25519Keys.generate().getPublic()));

        assertThatThrownBy(() -> new SigningKeyFiles(dir).loadOrCreate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the public half of");
    }

    @Test
    void refusesAPrivateKeyEveryUserCanRead() throws Exception {
        writePair("rw-r--r--");

        assertThatThrownBy(() -> new SigningKeyFiles(dir).loadOrCreate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accessible to every local user")
                .hasMessageNotContaining("PRIVATE KEY");
    }

    @Test
    void generatesNothingUnlessAllowedAndSaysWhatToSet() {
        assertThatThrownBy(() -> new SigningKeyFiles(dir).load(Optional.empty(), Optional.empty(), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_SNAPSHOT_SIGNING_KEY_FILE");
        assertThat(dir.resolve(SigningKeyFiles.PRIVATE_FILE)).doesNotExist();
    }

    @Test
    void takesAKeyFromTheSettingWithoutWritingAnything() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        String oneLine = java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());

        PrivateKey key = new SigningKeyFiles(dir).load(Optional.of(oneLine), Optional.empty(), true);

        assertThat(key.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private KeyPair writePair(String privateMode) throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        Path privateFile = dir.resolve(SigningKeyFiles.PRIVATE_FILE);
        Files.writeString(privateFile, Ed25519Keys.toPem(pair.getPrivate()));
        Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString(privateMode));
        Files.writeString(dir.resolve(SigningKeyFiles.PUBLIC_FILE), Ed25519Keys.toPem(pair.getPublic()));
        return pair;
    }

    /** Mode 500; as root that is not enough, so the directory is also made immutable where chattr works. */
    private void readOnly() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        if (canCreateFileIn(dir)) {
            immutable = new ProcessBuilder("chattr", "+i", dir.toString()).start().waitFor() == 0;
        }
        assumeFalse(canCreateFileIn(dir), "cannot make a read-only directory here");
    }

    private static boolean canCreateFileIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
