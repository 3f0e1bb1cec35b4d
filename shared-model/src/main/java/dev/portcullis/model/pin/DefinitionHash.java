package dev.portcullis.model.pin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.CanonicalJson;
import dev.portcullis.model.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical hash of a primitive's definition: the members {@link PinKind#hashedFields()} names (absent ones
 * left out), written as canonical JSON (sorted keys, no whitespace, {@link CanonicalJson}) and hashed with SHA-256,
 * spelled {@code sha256:<64 lowercase hex digits>}. Both planes compute it the same way, so a pin approved in the
 * control plane matches what a gateway sees.
 */
public final class DefinitionHash {

    public static final String PREFIX = "sha256:";

    private DefinitionHash() {
    }

    /** The hashed part of {@code item}: a new object holding only the hashed members. */
    public static ObjectNode definition(PinKind kind, JsonNode item) {
        ObjectNode kept = Json.mapper().createObjectNode();
        for (String field : kind.hashedFields()) {
            JsonNode value = item.get(field);
            if (value != null) {
                kept.set(field, value);
            }
        }
        return kept;
    }

    /** The hash of {@code item}'s definition; throws {@link IllegalArgumentException} for NaN or broken text. */
    public static String of(PinKind kind, JsonNode item) {
        return ofDefinition(definition(kind, item));
    }

    /** The hash of a definition already reduced by {@link #definition}. */
    public static String ofDefinition(JsonNode definition) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(definition));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static boolean isValid(String hash) {
        if (hash == null || hash.length() != PREFIX.length() + 64 || !hash.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
