package dev.portcullis.model.snapshot;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.secret.SealedSecret;
import dev.portcullis.model.validation.Violations;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys gateways seal MCP session ids with, so that a session stays bound to the consumer and proxy that
 * opened it on every gateway that has the snapshot. Each key is 32 random bytes (base64url) sealed to the
 * gateway's X25519 key under the name {@link #sealedName(String)}, like any snapshot secret.
 *
 * @param current the id of the key new session ids are sealed with; one of {@code keys}
 * @param keys    the current key and the previous ones still accepted to open session ids
 */
public record SessionKeys(String current, List<SessionKey> keys) {

    private static final Pattern ID = Pattern.compile("[0-9a-z]{1,16}");

    /**
     * One session key.
     *
     * @param id        short id carried in every session id it sealed
     * @param key       the key material sealed to the gateway
     * @param openUntil after this instant the key no longer opens session ids; null for no limit (the current key)
     */
    public record SessionKey(String id, SealedSecret key, Instant openUntil) {
    }

    public SessionKeys {
        keys = Immutable.list(keys);
    }

    /** The name a session key is sealed under (the additional data of its encryption). */
    public static String sealedName(String id) {
        return "session-key." + id;
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    void validate(Violations at) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            SessionKey key = keys.get(i);
            Violations entry = at.at("keys").index(i);
            if (key == null) {
                entry.add("must not be null");
                continue;
            }
            if (!isValidId(key.id())) {
                entry.at("id").add("must match [0-9a-z]{1,16}");
            } else if (!seen.add(key.id())) {
                entry.at("id").add("duplicate session key id '" + key.id() + "'");
            }
            SealedSecret sealed = key.key();
            if (sealed == null || sealed.epk() == null || sealed.nonce() == null || sealed.ciphertext() == null) {
                entry.at("key").add("must have epk, nonce and ciphertext");
            }
        }
        if (current == null || !seen.contains(current)) {
            at.at("current").add("must be the id of one of the keys");
        }
    }
}
