package dev.portcullis.controlplane.token;

import dev.portcullis.controlplane.common.KeyMaterial;
import dev.portcullis.controlplane.common.PortcullisConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key pair API tokens are signed with (RS256): {@code PORTCULLIS_API_TOKEN_SIGNING_KEY} or
 * {@code PORTCULLIS_API_TOKEN_SIGNING_KEY_FILE} (PKCS#8), else {@code <data-dir>/tokens/jwt-private.pem}
 * ({@link KeyMaterial} has the rules). Every replica must have the same one, or a token minted on one is refused by
 * another. Separate from the snapshot signing key so either can be rotated alone; rotating this one invalidates
 * every API token. Loaded once at start; immutable afterwards.
 */
@ApplicationScoped
public class TokenSigningKey {

    static final String FILE = "jwt-private.pem";
    private static final String WHAT = "the API token signing key";
    private static final Logger LOG = Logger.getLogger(TokenSigningKey.class);

    private final PortcullisConfig config;
    private volatile PrivateKey privateKey;
    private volatile PublicKey publicKey;

    TokenSigningKey(PortcullisConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        load();
    }

    public PrivateKey privateKey() {
        load();
        return privateKey;
    }

    public PublicKey publicKey() {
        load();
        return publicKey;
    }

    private synchronized void load() {
        if (privateKey != null) {
            return;
        }
        KeyMaterial.Loaded loaded = KeyMaterial.load(new KeyMaterial.Spec(WHAT, "PORTCULLIS_API_TOKEN_SIGNING_KEY",
                config.apiTokenSigningKey(), config.apiTokenSigningKeyFile(),
                config.dataDir().resolve("tokens").resolve(FILE), config.generateKeys(), TokenSigningKey::generate));
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(
                    KeyMaterial.der(loaded.text(), loaded.source(), WHAT)));
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
            publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            privateKey = key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(WHAT + " in " + loaded.source() + " is not a PKCS#8 RSA private key");
        }
        LOG.infof("API token signing key from %s", loaded.source());
    }

    private static String generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is required of every Java 17 JVM", e);
        }
    }
}
