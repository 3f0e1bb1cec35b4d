package dev.portcullis.model.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.ValidationException;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a {@link SignedSnapshot} before a gateway trusts any of it, in this order: the key id is ours, the
 * signature verifies over the decoded payload bytes, the payload is JSON, it binds to the schema, and every
 * definition in it is valid. Nothing is parsed before the signature is checked. Thread-safe; CPU only, so run
 * it off the event loop for large snapshots.
 *
 * <p>It may trust several public keys: during a rotation of the signing key gateways accept snapshots signed by
 * the old or the new one, each checked with the key its key id names.
 */
public final class SnapshotVerifier {

    private static final int MAX_REASON_ERRORS = 10;

    private final Map<String, PublicKey> keys;

    public SnapshotVerifier(PublicKey publicKey) {
        this(List.of(publicKey));
    }

    /** @param publicKeys at least one; the first one's id is {@link #keyId()} */
    public SnapshotVerifier(List<PublicKey> publicKeys) {
        if (publicKeys.isEmpty()) {
            throw new IllegalArgumentException("a snapshot verifier needs at least one public key");
        }
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        publicKeys.forEach(key -> byId.put(Ed25519Keys.keyId(key), key));
        this.keys = Collections.unmodifiableMap(byId);
    }

    public ConfigSnapshot verify(SignedSnapshot signed) {
        if (signed == null || signed.payload() == null || signed.signature() == null) {
            throw new SnapshotRejectedException("incomplete signed snapshot");
        }
        PublicKey publicKey = signed.keyId() == null ? null : keys.get(signed.keyId());
        if (publicKey == null) {
            throw new SnapshotRejectedException("unknown key id " + printable(signed.keyId()) + " (expected "
                    + String.join(" or ", keys.keySet()) + ")");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getDecoder().decode(signed.payload());
            signature = Base64.getDecoder().decode(signed.signature());
        } catch (IllegalArgumentException e) {
            throw new SnapshotRejectedException("payload or signature is not base64");
        }
        if (!signatureMatches(publicKey, payload, signature)) {
            throw new SnapshotRejectedException("bad signature");
        }
        try {
            JsonNode ignored = Json.mapper().readTree(payload);
            if (ignored == null || !ignored.isObject()) {
                throw new SnapshotRejectedException("payload is not a JSON object");
            }
        } catch (IOException e) {
            throw new SnapshotRejectedException("payload is not JSON");
        }
        try {
            return ConfigSnapshot.parse(payload);
        } catch (ValidationException e) {
            throw new SnapshotRejectedException("invalid snapshot: " + summary(e.errors()));
        }
    }

    /** The id of the first trusted key. */
    public String keyId() {
        return keys.keySet().iterator().next();
    }

    /** The ids of every trusted key, in the order given. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    private static boolean signatureMatches(PublicKey publicKey, byte[] payload, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(payload);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is just a bad one
        }
    }

    private static String summary(List<FieldError> errors) {
        String shown = errors.stream().limit(MAX_REASON_ERRORS).map(FieldError::toString)
                .collect(Collectors.joining("; "));
        return errors.size() > MAX_REASON_ERRORS ? shown + "; and " + (errors.size() - MAX_REASON_ERRORS) + " more"
                : shown;
    }

    private static String printable(String keyId) {
        if (keyId == null) {
            return "(none)";
        }
        StringBuilder shown = new StringBuilder("'");
        for (int i = 0; i < Math.min(keyId.length(), 32); i++) {
            char c = keyId.charAt(i);
            shown.append(c >= 0x20 && c < 0x7F ? c : '?'); // never echo control characters into logs
        }
        return shown.append(keyId.length() > 32 ? "...'" : "'").toString();
    }
}
