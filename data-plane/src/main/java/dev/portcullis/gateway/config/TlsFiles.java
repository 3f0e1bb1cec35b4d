package dev.portcullis.gateway.config;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Reads the agent listener's TLS settings into a {@link ListenerTls}, at start and off the event loop. Like the
 * feed key, a setting that is half there or wrong stops the start with a message naming it: a gateway that
 * silently fell back to plain HTTP, or to no client certificates, would be worse than one that does not start.
 */
public final class TlsFiles {

    static final String CERT = "PORTCULLIS_GATEWAY_TLS_CERT";
    static final String KEY = "PORTCULLIS_GATEWAY_TLS_KEY";
    static final String CLIENT_AUTH = "PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH";
    static final String CLIENT_CA = "PORTCULLIS_GATEWAY_TLS_CLIENT_CA";

    private TlsFiles() {
    }

    /**
     * @param certFile   PEM certificate chain, the server's certificate first
     * @param keyFile    PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) of that certificate
     * @param clientAuth {@code none}, {@code request} or {@code required}
     * @param clientCa   PEM bundle of the CAs that sign agent certificates; required unless {@code clientAuth} is
     *                   {@code none}
     * @throws IllegalStateException naming the setting that is missing or wrong
     */
    public static ListenerTls load(Optional<String> certFile, Optional<String> keyFile, String clientAuth,
                                   Optional<String> clientCa) {
        Optional<String> cert = present(certFile);
        Optional<String> key = present(keyFile);
        Optional<String> ca = present(clientCa);
        ListenerTls.ClientCertificates auth = ListenerTls.ClientCertificates.parse(clientAuth);
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalStateException(CERT + " and " + KEY + " must be set together: only "
                    + (cert.isPresent() ? CERT : KEY) + " is set");
        }
        if (cert.isEmpty()) {
            if (auth != ListenerTls.ClientCertificates.NONE || ca.isPresent()) {
                throw new IllegalStateException((ca.isPresent() ? CLIENT_CA : CLIENT_AUTH)
                        + " needs a TLS listener: set " + CERT + " and " + KEY);
            }
            return ListenerTls.PLAIN;
        }
        if (auth == ListenerTls.ClientCertificates.NONE && ca.isPresent()) {
            throw new IllegalStateException(CLIENT_CA + " is set but " + CLIENT_AUTH
                    + " is none: set it to 'request' or 'required' (or unset " + CLIENT_CA + ")");
        }
        if (auth != ListenerTls.ClientCertificates.NONE && ca.isEmpty()) {
            throw new IllegalStateException(CLIENT_AUTH + "=" + auth.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs " + CLIENT_CA + ": the PEM bundle of the CAs that sign agent certificates");
        }
        Buffer chain = read(CERT, cert.get());
        X509Certificate leaf = (X509Certificate) certificates(CERT, cert.get(), chain).iterator().next();
        Buffer privateKey = read(KEY, key.get());
        checkKey(key.get(), chain, privateKey, leaf.getPublicKey());
        Buffer caBundle = null;
        if (ca.isPresent()) {
            caBundle = read(CLIENT_CA, ca.get());
            certificates(CLIENT_CA, ca.get(), caBundle);
        }
        return new ListenerTls(chain, privateKey, auth, caBundle);
    }

    private static Optional<String> present(Optional<String> value) {
        return value.map(String::strip).filter(text -> !text.isEmpty());
    }

    private static Buffer read(String setting, String file) {
        try {
            return Buffer.buffer(Files.readAllBytes(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(setting + " " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The PEM certificates in {@code pem}, at least one. */
    private static Collection<? extends Certificate> certificates(String setting, String file, Buffer pem) {
        Collection<? extends Certificate> certificates;
        try {
            certificates = pem.toString(java.nio.charset.StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE")
                    ? CertificateFactory.getInstance("X.509").generateCertificates(
                            new ByteArrayInputStream(pem.getBytes()))
                    : Collections.emptyList();
        } catch (CertificateException | RuntimeException e) {
            certificates = Collections.emptyList();
        }
        if (certificates.isEmpty()) {
            throw new IllegalStateException(setting + " " + file + " is not a PEM file of X.509 certificates");
        }
        return certificates;
    }

    /** The key must parse (as Vert.x will read it) and belong to the leaf certificate. */
    private static void checkKey(String file, Buffer chain, Buffer pemKey, PublicKey certificateKey) {
        PrivateKey privateKey;
        try {
            PemKeyCertOptions options = new PemKeyCertOptions().setCertValue(chain).setKeyValue(pemKey);
            String alias = options.loadKeyStore(null).aliases().nextElement();
            KeyManager manager = options.getKeyManagerFactory(null).getKeyManagers()[0];
            privateKey = ((X509KeyManager) manager).getPrivateKey(alias);
        } catch (Exception e) {
            privateKey = null;
        }
        if (privateKey == null) {
            throw new IllegalStateException(KEY + " " + file
                    + " is not a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC)");
        }
        if (!matches(privateKey, certificateKey)) {
            throw new IllegalStateException(KEY + " " + file + " is not the key of the certificate in " + CERT);
        }
    }

    /** Signs a few bytes with the private key and verifies them with the certificate's public key. */
    private static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // an algorithm we cannot test here: the handshake will tell
        }
        try {
            byte[] probe = "portcullis".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
