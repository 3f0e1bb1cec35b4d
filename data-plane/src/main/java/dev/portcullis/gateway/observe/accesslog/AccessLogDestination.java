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

    int FILE_MAX_WRITE = 65_536;

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
                    STDOUT_MAX_WRITE);
        }
        return null;
    }
}
