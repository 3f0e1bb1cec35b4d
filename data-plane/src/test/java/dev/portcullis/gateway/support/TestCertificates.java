package dev.portcullis.gateway.support;

import dev.portcullis.model.key.CertificateFingerprints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for TLS tests, made by the JDK's {@code keytool} (no extra dependency): each one is its
 * own CA, so a client certificate's PEM file doubles as the trusted CA bundle. Written to a test's temporary
 * directory as PKCS#12 (for the JDK client) and as PEM certificate and PKCS#8 key (for the gateway).
 */
public final class TestCertificates {

    private static final String PASSWORD = "changeit";

    /** One certificate with its key. */
    public record Issued(String name, Path keyStore, Path certPem, Path keyPem, X509Certificate certificate) {

        /** The SHA-256 of the certificate's DER, as keys are bound to it. */
        public String fingerprint() {
            try {
                return CertificateFingerprints.of(certificate.getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() {
    }

    /** A self-signed EC certificate for {@code CN=<name>}, valid for 127.0.0.1 and localhost. */
    public static Issued issue(Path dir, String name) throws Exception {
        Path keyStore = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = load(keyStore);
        X509Certificate certificate = (X509Certificate) store.getCertificate(name);
        PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
        Path certPem = Files.writeString(dir.resolve(name + ".crt.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve(name + ".key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        return new Issued(name, keyStore, certPem, keyPem, certificate);
    }

    /** PEM bundle of several certificates, as {@code PORTCULLIS_GATEWAY_TLS_CLIENT_CA} takes it. */
    public static Path bundle(Path file, Issued... certificates) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (Issued issued : certificates) {
            pem.append(Files.readString(issued.certPem()));
        }
        return Files.writeString(file, pem);
    }

    /**
     * A TLS context trusting {@code server} and presenting {@code client} (null: no client certificate). Hostname
     * checks stay on: the certificates name 127.0.0.1.
     */
    public static SSLContext context(Issued server, Issued client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        if (client == null) {
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            keyManagers.init(empty, new char[0]);
        } else {
            keyManagers.init(load(client.keyStore()), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
