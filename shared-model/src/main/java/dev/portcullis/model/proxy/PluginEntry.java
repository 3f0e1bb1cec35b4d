package dev.portcullis.model.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.Violations;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One operator plugin in a {@code plugins} list ({@code global}, an operation or a primitive): which installed plugin,
 * where in the pipeline, and its own JSON config (docs/plugins.md). Whether the plugin is installed and accepts the
 * config is checked against the plugins a process has ({@code dev.portcullis.model.plugin.InstalledPlugins}).
 *
 * @param placement {@code beforeAuth}, {@code afterAuth} (default) or {@code response}
 * @param config    a JSON object, {@code {}} when absent. Shared and mutable by nature of {@link JsonNode}: treat as
 *                  read-only.
 */
public record PluginEntry(String name, String placement, JsonNode config) {

    public static final String BEFORE_AUTH = "beforeAuth";
    public static final String AFTER_AUTH = "afterAuth";
    public static final String RESPONSE = "response";
    public static final Set<String> PLACEMENTS = Set.of(BEFORE_AUTH, AFTER_AUTH, RESPONSE);
    /** At most this many entries in one {@code plugins} list. */
    public static final int MAX_ENTRIES = 16;
    /** A config larger than this (as compact JSON) is refused: it travels in every snapshot. */
    public static final int MAX_CONFIG_BYTES = 16 * 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public PluginEntry {
        placement = placement == null ? AFTER_AUTH : placement;
        config = config == null || config.isNull() || config.isMissingNode()
                ? Json.mapper().createObjectNode() : config.deepCopy();
    }

    public void validate(Violations at) {
        if (name == null || !NAME.matcher(name).matches()) {
            at.add("name", "must be 1 to 64 characters of a-z 0-9 . _ - starting with a letter or digit");
        }
        if (!PLACEMENTS.contains(placement)) {
            at.add("placement", "must be one of beforeAuth, afterAuth, response");
        }
        if (!config.isObject()) {
            at.add("config", "must be a JSON object");
        } else if (Json.write(config).length > MAX_CONFIG_BYTES) {
            at.add("config", "must be at most " + MAX_CONFIG_BYTES + " bytes as JSON");
        }
    }

    /** Validates a {@code plugins} list; null or empty lists are valid. */
    public static void validate(Violations at, List<PluginEntry> entries) {
        if (entries.size() > MAX_ENTRIES) {
            at.add("must have at most " + MAX_ENTRIES + " entries");
        }
        for (int i = 0; i < entries.size(); i++) {
            Violations entry = at.index(i);
            if (entries.get(i) == null) {
                entry.add("must not be null");
            } else {
                entries.get(i).validate(entry);
            }
        }
    }
}
