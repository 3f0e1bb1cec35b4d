package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.common.KeyMaterial;
import dev.portcullis.controlplane.common.PortcullisConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key secrets are encrypted with at rest (base64 of 32 bytes): {@code PORTCULLIS_MASTER_KEY} or
 * {@code PORTCULLIS_MASTER_KEY_FILE}, else {@code $PORTCULLIS_DATA_DIR/master.key} ({@link KeyMaterial} has the
 * rules). Every replica must have the same one. Loaded at startup so a missing or malformed key stops the control
 * plane at once.
 */
@Startup
@ApplicationScoped
public class MasterKey {

    private static final Logger LOG = Logger.getLogger(MasterKey.class);
    static final String FILE_NAME = "master.key";
    private static final String WHAT = "the secrets master key";

    private final PortcullisConfig config;
    private SecretKey key;

    MasterKey(PortcullisConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        KeyMaterial.Loaded loaded = KeyMaterial.load(new KeyMaterial.Spec(WHAT, "PORTCULLIS_MASTER_KEY",
                config.masterKey(), config.masterKeyFile(), config.dataDir().resolve(FILE_NAME),
                config.generateKeys(), MasterKey::generate));
        key = decode(loaded.text(), loaded.source());
        LOG.infof("secrets master key from %s", loaded.source());
    }

    SecretKey key() {
        return key;
    }

    /**
     * HMAC-SHA256 of {@code value} under a key derived from the master key for {@code purpose}, as hex: the same on
     * every replica, and of no use to whoever reads the database without the master key (unlike a plain hash of a
     * guessable value). Thread-safe.
     */
    public String keyedHash(String purpose, String value) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(key);
            byte[] purposeKey = derive.doFinal(("portcullis:" + purpose).getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java 17 JVM", e);
        }
    }

    private static String generate() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        return Base64.getEncoder().encodeToString(fresh) + "\n";
    }

    private static SecretKey decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key in " + source + " is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("the master key in " + source + " must be 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
