package dev.portcullis.controlplane.history;

import java.util.List;

/**
 * A proxy or policy that differs between two versions.
 *
 * @param type   {@code proxy} or {@code policy}
 * @param change {@code added}, {@code removed} or {@code changed}
 * @param fields the leaves that differ when {@code changed}; empty when added or removed (the version holds it whole)
 */
public record EntityChange(String type, String id, String change, List<FieldChange> fields) {

    public static final String PROXY = "proxy";
    public static final String POLICY = "policy";
    public static final String ADDED = "added";
    public static final String REMOVED = "removed";
    public static final String CHANGED = "changed";

    public EntityChange {
        fields = List.copyOf(fields);
    }
}
