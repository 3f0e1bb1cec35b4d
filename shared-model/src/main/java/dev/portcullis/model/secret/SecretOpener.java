package dev.portcullis.model.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Opens {@link SealedSecret}s with the gateway's X25519 private key. A value sealed to another key, under another
 * name, or altered in any part fails with {@link SealedSecretException} naming the secret only. Thread-safe.
 */
public final class SecretOpener {

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final PrivateKey own;

    public SecretOpener(PrivateKey own) {
        this.own = Objects.requireNonNull(own, "own");
    }

    public String open(String name, SealedSecret sealed) {
        try {
            byte[] epk = B64.decode(sealed.epk());
            byte[] nonce = B64.decode(sealed.nonce());
            byte[] ciphertext = B64.decode(sealed.ciphertext());
            if (nonce.length != 12) {
                throw new SealedSecretException("cannot open secret '" + name + "': bad nonce");
            }
            PublicKey ephemeral = KeyFactory.getInstance(X25519Keys.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(epk));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, SecretKdf.aesKey(own, ephemeral, epk, name),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new SealedSecretException("cannot open secret '" + name + "': not sealed to this gateway's key"
                    + " or altered", e);
        }
    }
}
