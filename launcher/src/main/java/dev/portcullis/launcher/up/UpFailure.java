package dev.portcullis.launcher.up;

/** A problem the user can fix (port taken, build missing, bad setting): printed as is, without a stack trace. */
public final class UpFailure extends RuntimeException {

    public UpFailure(String message) {
        super(message);
    }

    public UpFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
