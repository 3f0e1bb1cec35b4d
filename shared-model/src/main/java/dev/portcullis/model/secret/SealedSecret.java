package dev.portcullis.model.secret;

/**
 * One secret sealed to one gateway's X25519 public key (ADR 0002). All three parts are unpadded base64url.
 * Carries no plaintext, but {@link #toString()} still prints nothing of it: logs have no use for ciphertext.
 *
 * @param epk        the sender's ephemeral X25519 public key, X.509 encoded
 * @param nonce      the 96-bit AES-GCM nonce
 * @param ciphertext the AES-256-GCM ciphertext with its 128-bit tag appended
 */
public record SealedSecret(String epk, String nonce, String ciphertext) {

    @Override
    public String toString() {
        return "SealedSecret[...]";
    }
}
