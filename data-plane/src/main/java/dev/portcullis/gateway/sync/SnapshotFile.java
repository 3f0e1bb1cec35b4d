package dev.portcullis.gateway.sync;

import dev.portcullis.model.json.Json;
import dev.portcullis.model.snapshot.SignedSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The last good signed snapshot on disk ({@code $PORTCULLIS_DATA_DIR/snapshot.json}), so a gateway serves across
 * a control-plane outage and its own restart. Written to a temp file, forced to the disk, then moved atomically: a
 * crash or power loss never leaves a half-written file under the final name. Blocking I/O: call off the event loop.
 */
public final class SnapshotFile {

    private final Path file;

    public SnapshotFile(Path dataDir) {
        this.file = dataDir.resolve("snapshot.json");
    }

    public Path path() {
        return file;
    }

    /** The stored snapshot, still to be verified; empty when there is none. */
    public Optional<SignedSnapshot> read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), SignedSnapshot.class));
    }

    public void write(SignedSnapshot snapshot) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "snapshot", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(Json.write(snapshot));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
