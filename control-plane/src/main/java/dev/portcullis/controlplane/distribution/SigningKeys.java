package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SnapshotSigner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The Ed25519 key pair snapshots are signed with: {@code PORTCULLIS_SNAPSHOT_SIGNING_KEY} or
 * {@code PORTCULLIS_SNAPSHOT_SIGNING_KEY_FILE}, else {@code $PORTCULLIS_DATA_DIR/signing/} ({@link SigningKeyFiles}
 * has the rules). Every replica signs with the one it is given; during a rotation replicas may sign with the old
 * key or the new one, and gateways then trust both. Loaded once, at startup.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final PortcullisConfig config;
    private volatile SnapshotSigner signer;
    private volatile PublicKey publicKey;

    SigningKeys(PortcullisConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        load();
        LOG.infof("snapshot signing key id %s, public key (base64 X.509) %s",
                signer.keyId(), Ed25519Keys.publicToBase64(publicKey));
    }

    public SnapshotSigner signer() {
        return loaded().signer;
    }

    public PublicKey publicKey() {
        return loaded().publicKey;
    }

    private SigningKeys loaded() {
        if (signer == null) {
            load();
        }
        return this;
    }

    private synchronized void load() {
        if (signer != null) {
            return;
        }
        Path dir = config.dataDir().resolve("signing");
        try {
            PrivateKey privateKey = new SigningKeyFiles(dir).load(config.snapshotSigningKey(),
                    config.snapshotSigningKeyFile(), config.generateKeys());
            publicKey = Ed25519Keys.publicFromPrivate(privateKey);
            signer = new SnapshotSigner(privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key in " + dir, e);
        }
    }
}
