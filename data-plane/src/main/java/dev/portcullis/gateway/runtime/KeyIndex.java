package dev.portcullis.gateway.runtime;

import dev.portcullis.model.key.KeyEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The snapshot's keys by token hash. Revoked keys are not in snapshots, so a lookup miss covers them. */
public final class KeyIndex {

    private final Map<String, KeyEntry> byHash;

    public KeyIndex(List<KeyEntry> keys) {
        Map<String, KeyEntry> map = new HashMap<>(keys.size() * 2);
        for (KeyEntry key : keys) {
            map.put(key.hash(), key);
        }
        this.byHash = Map.copyOf(map);
    }

    /** The key whose token hashes to {@code hash}, or null. */
    public KeyEntry find(String hash) {
        return byHash.get(hash);
    }

    public int size() {
        return byHash.size();
    }
}
