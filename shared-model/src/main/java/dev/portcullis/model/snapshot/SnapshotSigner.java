package dev.portcullis.model.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.CanonicalJson;
import dev.portcullis.model.json.Json;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs snapshots for the config feed: canonical JSON of the snapshot, Ed25519 over those bytes. Does not
 * validate the snapshot; the control plane builds it from validated definitions. Thread-safe.
 */
public final class SnapshotSigner {

    private final PrivateKey privateKey;
    private final String keyId;

    public SnapshotSigner(PrivateKey privateKey) {
        this.privateKey = privateKey;
        this.keyId = Ed25519Keys.keyId(Ed25519Keys.publicFromPrivate(privateKey));
    }

    public SignedSnapshot sign(ConfigSnapshot snapshot) {
        JsonNode tree = Json.mapper().valueToTree(snapshot);
        byte[] payload = CanonicalJson.bytes(tree);
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(payload);
            return new SignedSnapshot(Base64.getEncoder().encodeToString(payload),
                    Base64.getEncoder().encodeToString(signature.sign()), keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The id gateways see in {@link SignedSnapshot#keyId()}. */
    public String keyId() {
        return keyId;
    }
}
