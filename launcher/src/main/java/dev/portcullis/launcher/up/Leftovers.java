package dev.portcullis.launcher.up;

import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.PidFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Processes a previous {@code up} left running because it was killed with SIGKILL (its shutdown hook never ran):
 * the children named by pid files in {@code logs/}, then the embedded PostgreSQL named by its own
 * {@code postmaster.pid}. Each is stopped only after its command line is checked, so a reused pid is left alone.
 */
final class Leftovers {

    private final Path logDirectory;
    private final Path postgresDirectory;
    private final PrintStream out;

    Leftovers(Path logDirectory, Path postgresDirectory, PrintStream out) {
        this.logDirectory = logDirectory;
        this.postgresDirectory = postgresDirectory;
        this.out = out;
    }

    void stop() {
        for (PidFile pidFile : PidFile.in(logDirectory)) {
            pidFile.liveProcess().ifPresent(process -> {
                out.println("Stopping " + pidFile.file().getFileName() + " (pid " + process.pid()
                        + "), left running by an earlier ./portcullis up that was killed");
                PidFile.stop(process, ManagedProcess.STOP_GRACE);
            });
        }
        postgres().ifPresent(process -> {
            out.println("Stopping the embedded PostgreSQL (pid " + process.pid()
                    + "), left running by an earlier ./portcullis up that was killed");
            PidFile.stop(process, ManagedProcess.STOP_GRACE);
        });
    }

    /** The postmaster, when its pid file names a live {@code postgres} serving exactly this data directory. */
    private Optional<ProcessHandle> postgres() {
        Path pidFile = postgresDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            String dataDirectory = postgresDirectory.toAbsolutePath().toString();
            if (lines.size() < 2 || !lines.get(1).trim().equals(dataDirectory)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().command().map(command -> command.endsWith("/postgres"))
                            .orElse(false))
                    .filter(handle -> handle.info().arguments().map(List::of).orElse(List.of())
                            .contains(dataDirectory));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
