package dev.portcullis.model.secret;

/** A sealed secret could not be opened or produced. The message names the secret, never a value or key. */
public final class SealedSecretException extends RuntimeException {

    public SealedSecretException(String message) {
        super(message);
    }

    public SealedSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
