package dev.portcullis.model.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys for snapshot signing, with the JDK provider only. Private keys as PKCS#8 PEM, public keys as
 * X.509 SubjectPublicKeyInfo (PEM, or bare base64 DER for an environment variable). Decoding failures throw
 * {@link IllegalArgumentException} with a message that never includes the key text.
 */
public final class Ed25519Keys {

    private static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required of every Java 17 JVM", e);
        }
    }

    /**
     * The public half of a private key. The JDK has no direct API, so this replays key generation with the
     * private key's seed as the "random" bytes, which yields the same key pair.
     */
    public static PublicKey publicFromPrivate(PrivateKey privateKey) {
        if (!(privateKey instanceof EdECPrivateKey edKey) || edKey.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        byte[] seed = edKey.getBytes().get();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required of every Java 17 JVM", e);
        }
    }

    public static String toPem(PrivateKey key) {
        return pem(PRIVATE_LABEL, key.getEncoded());
    }

    public static String toPem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    public static PrivateKey privateFromPem(String pem) {
        byte[] der = unpem(PRIVATE_LABEL, pem);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key");
        }
    }

    public static PublicKey publicFromPem(String pem) {
        return publicFromDer(unpem(PUBLIC_LABEL, pem));
    }

    public static String publicToBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicFromBase64(String base64) {
        try {
            return publicFromDer(Base64.getMimeDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key");
        }
    }

    /** First 16 hex characters of SHA-256 over the X.509 DER encoding: names the key in signed snapshots. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static PublicKey publicFromDer(byte[] der) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 Ed25519 public key");
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String label, String pem) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem == null ? -1 : pem.indexOf(begin);
        int to = from < 0 ? -1 : pem.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("not a PEM block labelled " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block " + label + " is not valid base64");
        }
    }

    /** Hands out a fixed seed as if it were randomness; only for {@link #publicFromPrivate}. */
    private static final class FixedBytes extends SecureRandom {
        private final byte[] seed;

        private FixedBytes(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
