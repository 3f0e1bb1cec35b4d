package dev.portcullis.gateway.observe.accesslog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where the access log goes ({@code PORTCULLIS_ACCESS_LOG}): {@code stdout} (the default: the process's standard
 * output, bypassing the logging framework so each line is pure JSON), {@code off}, or a file path (appended,
 * created with its parent directories).
 */
public sealed interface AccessLogDestination {

    int QUEUE_CAPACITY = 65_536;

    /** {@code PIPE_BUF} on Linux: a write to a pipe up to this size is never interleaved with another writer's. */
    int STDOUT_MAX_WRITE = 4_096;

    /**
     * The most a write to a regular file carries. On Linux's local filesystems (ext4, XFS, btrfs, tmpfs) a buffered
     * write holds the file's inode lock for its whole length, so no other write to the file lands inside one, whatever
     * its size (a file shared over the network, or a short write on a full disk, is another matter, at any size). The
     * kernel's cost per line is about 0.4 of that of 4,096-byte writes: the file's new page-cache folios are filled
     * whole instead of zeroed first.
     */
    int FILE_MAX_WRITE = 65_536;

    /** Where the standard output goes, as Linux shows it; nothing there (another system) means not a regular file. */
    Path STDOUT_LINK = Path.of("/proc/self/fd/1");

    record Stdout() implements AccessLogDestination {
    }

    record Off() implements AccessLogDestination {
    }

    record ToFile(Path path) implements AccessLogDestination {
    }

    /** Parses the setting; blank means stdout. */
    static AccessLogDestination parse(String setting) {
        String value = setting == null ? "" : setting.strip();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "stdout" -> new Stdout();
            case "off" -> new Off();
            default -> new ToFile(Path.of(value));
        };
    }

    /** Opens a writer for this destination, or returns null for {@link Off}. Blocking (opens a file). */
    default AccessLogWriter open() throws IOException {
        if (this instanceof ToFile file) {
            Path parent = file.path().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new AccessLogWriter(Files.newOutputStream(file.path(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), true, QUEUE_CAPACITY, FILE_MAX_WRITE);
        }
        if (this instanceof Stdout) {
            return new AccessLogWriter(new FileOutputStream(FileDescriptor.out), false, QUEUE_CAPACITY,
                    stdoutMaxWrite(STDOUT_LINK));
        }
        return null;
    }

    /**
     * The most one write to the standard output carries: {@link #FILE_MAX_WRITE} when {@code stdout} (its
     * {@code /proc/self/fd/1}) is a regular file, as when a supervisor appends it to a log file; else
     * {@link #STDOUT_MAX_WRITE}, so that a line is never split on a pipe (a container's log driver) or a terminal.
     */
    static int stdoutMaxWrite(Path stdout) {
        try {
            return Files.isRegularFile(stdout) ? FILE_MAX_WRITE : STDOUT_MAX_WRITE;
        } catch (RuntimeException e) {
            return STDOUT_MAX_WRITE; // a security manager or an unreadable /proc: the safe size
        }
    }
}
