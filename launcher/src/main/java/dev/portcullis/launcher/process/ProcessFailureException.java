package dev.portcullis.launcher.process;

import java.nio.file.Path;

/** A child process did not become healthy or died: the message names it and points at its log. */
public final class ProcessFailureException extends RuntimeException {

    private final transient Path logFile;
    private final String reason;

    public ProcessFailureException(String message, Path logFile) {
        super(message + " (log: " + logFile + ")");
        this.logFile = logFile;
        this.reason = message;
    }

    /** The message without the log file: "gateway gw-1 exited with code 1 while starting". */
    public String reason() {
        return reason;
    }

    public Path logFile() {
        return logFile;
    }
}
