package dev.portcullis.launcher.process;

import java.nio.file.Path;

/** A child process did not become healthy or died: the message names it and points at its log. */
public final class ProcessFailureException extends RuntimeException {

    private final transient Path logFile;

    public ProcessFailureException(String message, Path logFile) {
        super(message + " (log: " + logFile + ")");
        this.logFile = logFile;
    }

    public Path logFile() {
        return logFile;
    }
}
