package dev.portcullis.controlplane.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where one key of the control plane comes from, in this order: an inline setting ({@code PORTCULLIS_X}), a file the
 * operator provides ({@code PORTCULLIS_X_FILE}, such as a mounted Kubernetes Secret), a file already in the data
 * directory, or, only with {@code PORTCULLIS_GENERATE_KEYS=true} (the single-node {@code ./portcullis up}), a file
 * generated there. Replicas must share their keys, so nothing is generated otherwise: a missing key stops the start
 * with what to set.
 *
 * <p>Generation is race-free on a shared volume: the key is written to a temp file and published with a hard link,
 * which fails when the file exists, then whatever is on disk is read back, so every process that starts at once ends
 * with the same key. Key files must not be readable by every local user. No message carries key material.
 */
public final class KeyMaterial {

    private static final Set<PosixFilePermission> FOR_OTHERS =
            Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /**
     * One key's settings.
     *
     * @param what        what the key is, for messages ("the snapshot signing key")
     * @param setting     the inline setting's environment variable
     * @param inline      its value, if set
     * @param file        the file setting's value, if set (its variable is {@code setting + "_FILE"})
     * @param dataDirFile where the key is kept in the data directory
     * @param generate    whether a missing key may be generated into {@code dataDirFile}
     * @param generator   a new key's file content
     */
    public record Spec(String what, String setting, Optional<String> inline, Optional<String> file, Path dataDirFile,
                       boolean generate, Supplier<String> generator) {
    }

    /**
     * @param text   the key's text (PEM, or base64)
     * @param source the setting or file it came from, for logs
     * @param inDataDir whether it is {@link Spec#dataDirFile()}
     */
    public record Loaded(String text, String source, boolean inDataDir) {
    }

    private KeyMaterial() {
    }

    /** @throws IllegalStateException naming the setting or file when the key is missing, unreadable or exposed */
    public static Loaded load(Spec spec) {
        Optional<String> inline = spec.inline().filter(value -> !value.isBlank());
        Optional<String> file = spec.file().map(String::strip).filter(value -> !value.isEmpty());
        String fileSetting = spec.setting() + "_FILE";
        if (inline.isPresent() && file.isPresent()) {
            throw new IllegalStateException("both " + spec.setting() + " and " + fileSetting + " are set; set one");
        }
        if (inline.isPresent()) {
            return new Loaded(inline.get(), spec.setting(), false);
        }
        try {
            if (file.isPresent()) {
                Path path = existingFile(file.get());
                if (path == null) {
                    // The value is not echoed: set by mistake to the key itself, it would put the key in the log.
                    throw new IllegalStateException(fileSetting + " does not name a readable file; it takes the key"
                            + " file's path (the key itself goes in " + spec.setting() + ")");
                }
                return new Loaded(readPrivate(path, spec.what()), fileSetting + " " + path, false);
            }
            Path kept = spec.dataDirFile();
            if (Files.exists(kept)) {
                return new Loaded(readPrivate(kept, spec.what()), kept.toString(), true);
            }
            if (!spec.generate()) {
                throw new IllegalStateException("no " + spec.what().replaceFirst("^the ", "") + ": set " + fileSetting
                        + " (a file, such as a mounted Kubernetes Secret) or " + spec.setting() + ", the same on every"
                        + " control-plane replica; a single-node installation may set PORTCULLIS_GENERATE_KEYS=true"
                        + " to have one generated in " + kept);
            }
            publishOnce(kept, spec.generator().get());
            return new Loaded(readPrivate(kept, spec.what()), kept.toString(), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create " + spec.what() + ": " + e);
        }
    }

    /** The regular file {@code value} names, or null when it names none (or is no path at all). */
    private static Path existingFile(String value) {
        try {
            Path path = Path.of(value);
            return Files.isRegularFile(path) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Writes {@code content} to {@code target} unless the file exists already, atomically: readers never see a part
     * of it, and of several processes publishing at once exactly one wins. Creates the directory owner-only.
     *
     * @return whether this call published it
     */
    public static boolean publishOnce(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = posix();
        if (posix) {
            Files.createDirectories(dir, ownerOnly("rwx------"));
        } else {
            Files.createDirectories(dir);
        }
        FileAttribute<?>[] ownerOnly = posix ? new FileAttribute<?>[]{ownerOnly("rw-------")} : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, ".key", ".tmp", ownerOnly);
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException e) {
                Files.move(temp, target); // no REPLACE_EXISTING: fails when another process got there first
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Reads a key file, refusing one every local user may read or write. */
    public static String readPrivate(Path file, String what) throws IOException {
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(FOR_OTHERS::contains)) {
                throw new IllegalStateException(what + " " + file + " is accessible to every local user (mode "
                        + PosixFilePermissions.toString(permissions) + "); make it 600 (or 440/640 for a group, or"
                        + " defaultMode 0400 on a Kubernetes Secret volume) before starting: chmod 600 " + file);
            }
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /**
     * The DER bytes of a key given as PEM or as plain base64 (one line, for an environment variable).
     *
     * @throws IllegalStateException naming {@code source}, never echoing the text
     */
    public static byte[] der(String text, String source, String what) {
        String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " in " + source + " is neither PEM nor base64");
        }
    }

    private static FileAttribute<?> ownerOnly(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
