package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.ResourceKeys;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.proxy.Middleware;
import dev.portcullis.model.proxy.PluginEntry;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.Violations;
import dev.portcullis.plugin.GatewayPlugin;
import dev.portcullis.plugin.PluginFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The operator plugins of one proxy, built once per snapshot ({@link GatewayPlugin#create}) and indexed by placement
 * and route, so a request finds its filters with at most two map lookups. A proxy naming a plugin this gateway does
 * not have, or a config its plugin refuses, cannot be compiled: the snapshot is rejected and the previous one keeps
 * serving. Immutable and shared by every event loop.
 */
public final class ProxyPlugins {

    /** One configured entry, ready: the plugin's name (for logs) and its filter. */
    public record Placed(String name, PluginFilter filter) {
    }

    /** The filters of one {@code plugins} list, split by placement. */
    private record ByPlacement(List<Placed> beforeAuth, List<Placed> afterAuth, List<Placed> response) {
        static final ByPlacement EMPTY = new ByPlacement(List.of(), List.of(), List.of());

        List<Placed> at(String placement) {
            return switch (placement) {
                case PluginEntry.BEFORE_AUTH -> beforeAuth;
                case PluginEntry.AFTER_AUTH -> afterAuth;
                default -> response;
            };
        }
    }

    public static final ProxyPlugins NONE = new ProxyPlugins(ByPlacement.EMPTY, Map.of(), Map.of(),
            new ResourceKeys<>(Map.of()), Map.of(), true);

    private final ByPlacement global;
    private final Map<String, ByPlacement> tools;
    private final Map<String, ByPlacement> prompts;
    private final ResourceKeys<ByPlacement> resources;
    private final Map<String, ByPlacement> operations;
    private final boolean empty;

    private ProxyPlugins(ByPlacement global, Map<String, ByPlacement> tools, Map<String, ByPlacement> prompts,
                         ResourceKeys<ByPlacement> resources, Map<String, ByPlacement> operations, boolean empty) {
        this.global = global;
        this.tools = tools;
        this.prompts = prompts;
        this.resources = resources;
        this.operations = operations;
        this.empty = empty;
    }

    /**
     * Checks every entry against the installed plugins and creates its filter.
     *
     * @throws IllegalArgumentException naming every entry's field that cannot be served here
     */
    public static ProxyPlugins compile(ProxyDefinition definition, InstalledPlugins installed) {
        Violations problems = Violations.root();
        InstalledPlugins.forEachEntry(definition, (field, entry) -> installed.check(problems.at(field), entry, true));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.list().stream().map(FieldError::toString)
                    .collect(Collectors.joining("; ")));
        }
        boolean[] any = {false};
        Builder builder = (field, entries) -> {
            if (entries.isEmpty()) {
                return ByPlacement.EMPTY;
            }
            any[0] = true;
            Map<String, List<Placed>> split = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                PluginEntry entry = entries.get(i);
                split.computeIfAbsent(entry.placement(), p -> new ArrayList<>())
                        .add(new Placed(entry.name(), create(installed.find(entry.name()), entry,
                                field + "[" + i + "]")));
            }
            return new ByPlacement(List.copyOf(split.getOrDefault(PluginEntry.BEFORE_AUTH, List.of())),
                    List.copyOf(split.getOrDefault(PluginEntry.AFTER_AUTH, List.of())),
                    List.copyOf(split.getOrDefault(PluginEntry.RESPONSE, List.of())));
        };
        ByPlacement global = builder.build("global.plugins", definition.global().plugins());
        Map<String, ByPlacement> tools = index("tools", definition.tools(), builder);
        Map<String, ByPlacement> prompts = index("prompts", definition.prompts(), builder);
        Map<String, ByPlacement> resources = index("resources", definition.resources(), builder);
        Map<String, ByPlacement> operations = index("operations", definition.operations(), builder);
        return any[0] ? new ProxyPlugins(global, tools, prompts, new ResourceKeys<>(resources), operations, false)
                : NONE;
    }

    /** True when the proxy has no plugin at all (most proxies): the plugin steps cost one call. */
    public boolean isEmpty() {
        return empty;
    }

    /**
     * The filters a request meets at one placement, in order: proxy-wide, then its operation's, then its
     * primitive's, each in list order.
     */
    public List<Placed> at(McpRoute route, String placement) {
        if (empty) {
            return List.of();
        }
        ByPlacement primitive = switch (route.primitiveType()) {
            case TOOL -> tools.get(route.primitiveName());
            case PROMPT -> prompts.get(route.primitiveName());
            case RESOURCE -> resources.find(route.primitiveName());
            case NONE -> null;
        };
        ByPlacement operation = route.method() == null ? null : operations.get(route.method());
        List<Placed> first = global.at(placement);
        List<Placed> second = operation == null ? List.of() : operation.at(placement);
        List<Placed> third = primitive == null ? List.of() : primitive.at(placement);
        if (second.isEmpty() && third.isEmpty()) {
            return first;
        }
        if (first.isEmpty() && (second.isEmpty() || third.isEmpty())) {
            return second.isEmpty() ? third : second;
        }
        List<Placed> all = new ArrayList<>(first.size() + second.size() + third.size());
        all.addAll(first);
        all.addAll(second);
        all.addAll(third);
        return all;
    }

    @FunctionalInterface
    private interface Builder {
        ByPlacement build(String field, List<PluginEntry> entries);
    }

    private static Map<String, ByPlacement> index(String category, Map<String, Middleware> entries,
                                                  Builder builder) {
        Map<String, ByPlacement> result = new HashMap<>();
        entries.forEach((key, middleware) -> {
            if (!middleware.plugins().isEmpty()) {
                result.put(key, builder.build(category + "." + key + ".plugins", middleware.plugins()));
            }
        });
        return Map.copyOf(result);
    }

    private static PluginFilter create(GatewayPlugin plugin, PluginEntry entry, String field) {
        PluginFilter filter;
        try {
            filter = plugin.create(entry.config());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": plugin " + entry.name() + " could not be started ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (filter == null) {
            throw new IllegalArgumentException(field + ": plugin " + entry.name() + " created no filter");
        }
        return filter;
    }
}
