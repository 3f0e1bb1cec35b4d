package dev.portcullis.gateway.request;

import dev.portcullis.gateway.request.HeaderEdits;
import dev.portcullis.gateway.request.ResourceKeys;
import dev.portcullis.model.proxy.HeaderTransform;
import dev.portcullis.model.proxy.Middleware;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The per-primitive and per-operation middleware of one proxy, indexed once per snapshot (header values already
 * resolved) so that {@link #resolve} costs two map lookups per request and compiles nothing.
 */
public final class RouteMiddleware {

    /**
     * One entry, prepared: its raw settings, its resolved header edits, its breaker slot (null for none) and its
     * compiled body edits.
     */
    public record Entry(Middleware middleware, HeaderEdits requestEdits, HeaderEdits responseEdits,
                        BreakerSlot breaker, ArgumentEdits bodyEdits) {
    }

    public static final RouteMiddleware NONE = new RouteMiddleware(Map.of(), Map.of(), new ResourceKeys<>(Map.of()),
            Map.of(), 0);

    private final Map<String, Entry> tools;
    private final Map<String, Entry> prompts;
    private final ResourceKeys<Entry> resources;
    private final Map<String, Entry> operations;
    private final long largestSizeLimit;

    private RouteMiddleware(Map<String, Entry> tools, Map<String, Entry> prompts, ResourceKeys<Entry> resources,
                            Map<String, Entry> operations, long largestSizeLimit) {
        this.tools = tools;
        this.prompts = prompts;
        this.resources = resources;
        this.operations = operations;
        this.largestSizeLimit = largestSizeLimit;
    }

    /**
     * @param edits compiles an entry's header transform (resolving secrets); its second argument is the field path
     *              for error messages
     */
    public static RouteMiddleware index(String proxyId, Map<String, Middleware> tools, Map<String, Middleware> prompts,
                                        Map<String, Middleware> resources, Map<String, Middleware> operations,
                                        BiFunction<HeaderTransform, String, HeaderEdits> edits) {
        long[] largest = {0};
        BiFunction<String, Map<String, Middleware>, Map<String, Entry>> prepare = (category, entries) -> {
            Map<String, Entry> result = new HashMap<>();
            entries.forEach((key, middleware) -> {
                String field = category + "." + key;
                BreakerSlot slot = middleware.circuitBreaker() == null ? null
                        : new BreakerSlot(proxyId, scope(category) + ":" + key, middleware.circuitBreaker());
                result.put(key, new Entry(middleware,
                        edits.apply(middleware.transformRequestHeaders(), field + ".transformRequestHeaders"),
                        edits.apply(middleware.transformResponseHeaders(), field + ".transformResponseHeaders"),
                        slot, bodyEdits(middleware, field)));
                if (middleware.requestSizeLimit() != null) {
                    largest[0] = Math.max(largest[0], middleware.requestSizeLimit());
                }
            });
            return Map.copyOf(result);
        };
        Map<String, Entry> toolEntries = prepare.apply("tools", tools);
        Map<String, Entry> promptEntries = prepare.apply("prompts", prompts);
        Map<String, Entry> resourceEntries = prepare.apply("resources", resources);
        Map<String, Entry> operationEntries = prepare.apply("operations", operations);
        return new RouteMiddleware(toolEntries, promptEntries, new ResourceKeys<>(resourceEntries), operationEntries,
                largest[0]);
    }

    /** The largest per-primitive or per-operation {@code requestSizeLimit}, 0 when none is set. */
    public long largestSizeLimit() {
        return largestSizeLimit;
    }

    public RouteSettings resolve(McpRoute route) {
        Entry primitive = switch (route.primitiveType()) {
            case TOOL -> tools.get(route.primitiveName());
            case PROMPT -> prompts.get(route.primitiveName());
            case RESOURCE -> resources.find(route.primitiveName());
            case NONE -> null;
        };
        Entry operation = route.method() == null ? null : operations.get(route.method());
        if (primitive == null && operation == null) {
            return RouteSettings.NONE;
        }
        Middleware p = primitive == null ? null : primitive.middleware();
        Middleware o = operation == null ? null : operation.middleware();
        return new RouteSettings(
                pick(p == null ? null : p.timeoutMs(), o == null ? null : o.timeoutMs()),
                pick(p == null ? null : p.requestSizeLimit(), o == null ? null : o.requestSizeLimit()),
                pick(primitive == null ? null : primitive.breaker(), operation == null ? null : operation.breaker()),
                (p != null && p.ignoreAuthentication()) || (o != null && o.ignoreAuthentication()),
                edits(operation == null ? null : operation.requestEdits(),
                        primitive == null ? null : primitive.requestEdits()),
                edits(operation == null ? null : operation.responseEdits(),
                        primitive == null ? null : primitive.responseEdits()),
                tracking(p) != Tracking.DEFAULT ? tracking(p) : tracking(o),
                pick(p == null ? null : p.mockResponse(), o == null ? null : o.mockResponse()),
                bodyEdits(operation, primitive));
    }

    private static ArgumentEdits bodyEdits(Middleware middleware, String field) {
        try {
            return ArgumentEdits.compile(middleware.transformRequestBody());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ".transformRequestBody: " + e.getMessage(), e);
        }
    }

    private static List<ArgumentEdits> bodyEdits(Entry operation, Entry primitive) {
        List<ArgumentEdits> result = new ArrayList<>(2);
        if (operation != null && !operation.bodyEdits().isEmpty()) {
            result.add(operation.bodyEdits());
        }
        if (primitive != null && !primitive.bodyEdits().isEmpty()) {
            result.add(primitive.bodyEdits());
        }
        return result;
    }

    private static String scope(String category) {
        return switch (category) {
            case "tools" -> "tool";
            case "prompts" -> "prompt";
            case "resources" -> "resource";
            default -> "operation";
        };
    }

    private static <T> T pick(T primitive, T operation) {
        return primitive != null ? primitive : operation;
    }

    private static Tracking tracking(Middleware middleware) {
        if (middleware == null) {
            return Tracking.DEFAULT;
        }
        if (middleware.doNotTrack()) {
            return Tracking.DO_NOT_TRACK;
        }
        return middleware.track() ? Tracking.TRACK : Tracking.DEFAULT;
    }

    private static List<HeaderEdits> edits(HeaderEdits first, HeaderEdits second) {
        List<HeaderEdits> result = new ArrayList<>(2);
        if (first != null && !first.isEmpty()) {
            result.add(first);
        }
        if (second != null && !second.isEmpty()) {
            result.add(second);
        }
        return result;
    }
}
