package dev.portcullis.model.plugin;

import dev.portcullis.model.proxy.Middleware;
import dev.portcullis.model.proxy.PluginEntry;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.Violations;
import dev.portcullis.plugin.GatewayPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The operator plugins one process has (its plugins folder, {@link PluginFolder}), by name, and the checks of a
 * definition's {@code plugins} entries against them. Immutable and thread-safe.
 */
public final class InstalledPlugins {

    public static final InstalledPlugins NONE = new InstalledPlugins(Map.of());
    /** A plugin's problem longer than this is cut: it goes into API errors and rejection reports. */
    static final int MAX_PROBLEM = 300;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Map<String, GatewayPlugin> byName;

    private InstalledPlugins(Map<String, GatewayPlugin> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** @throws IllegalStateException when a name is invalid or provided twice */
    public static InstalledPlugins of(List<GatewayPlugin> plugins) {
        Map<String, GatewayPlugin> byName = new TreeMap<>();
        for (GatewayPlugin plugin : plugins) {
            String name = plugin.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("plugin " + plugin.getClass().getName() + " has an invalid name");
            }
            if (byName.putIfAbsent(name, plugin) != null) {
                throw new IllegalStateException("two installed plugins are named " + name);
            }
        }
        return new InstalledPlugins(byName);
    }

    /** The plugin of that name, or null when it is not installed. */
    public GatewayPlugin find(String name) {
        return name == null ? null : byName.get(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * Adds the problems of one entry at {@code at}: its plugin is not installed here (only when {@code requireInstalled}),
     * or the plugin refuses its config (under {@code config}).
     *
     * @return true when the entry is usable here
     */
    public boolean check(Violations at, PluginEntry entry, boolean requireInstalled) {
        GatewayPlugin plugin = find(entry.name());
        if (plugin == null) {
            if (requireInstalled) {
                at.add("name", "plugin " + entry.name() + " is not installed");
            }
            return false;
        }
        List<String> problems;
        try {
            problems = plugin.validate(entry.config());
        } catch (RuntimeException e) {
            problems = List.of("the plugin failed to check its config (" + e.getClass().getSimpleName() + ")");
        }
        if (problems == null) {
            problems = List.of();
        }
        for (String problem : problems) {
            at.add("config", bounded(String.valueOf(problem)));
        }
        return problems.isEmpty();
    }

    /** Checks every {@code plugins} entry of a definition ({@link #check}). */
    public void check(Violations at, ProxyDefinition definition, boolean requireInstalled) {
        forEachEntry(definition, (field, entry) -> check(at.at(field), entry, requireInstalled));
    }

    /**
     * Every {@code plugins} entry of a definition with its field path ({@code global.plugins[0]},
     * {@code tools.echo.plugins[1]}): proxy-wide first, then operations, tools, resources, prompts.
     */
    public static void forEachEntry(ProxyDefinition definition, BiConsumer<String, PluginEntry> action) {
        list("global.plugins", definition.global().plugins(), action);
        entries("operations", definition.operations(), action);
        entries("tools", definition.tools(), action);
        entries("resources", definition.resources(), action);
        entries("prompts", definition.prompts(), action);
    }

    private static void entries(String category, Map<String, Middleware> entries,
                                BiConsumer<String, PluginEntry> action) {
        entries.forEach((key, middleware) -> list(category + "." + key + ".plugins", middleware.plugins(), action));
    }

    private static void list(String field, List<PluginEntry> entries, BiConsumer<String, PluginEntry> action) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) != null) {
                action.accept(field + "[" + i + "]", entries.get(i));
            }
        }
    }

    static String bounded(String text) {
        return text.length() <= MAX_PROBLEM ? text : text.substring(0, MAX_PROBLEM) + "...";
    }
}
