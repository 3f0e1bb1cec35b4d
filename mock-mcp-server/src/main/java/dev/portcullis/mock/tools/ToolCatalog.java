package dev.portcullis.mock.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.data.MockStore;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.Json;
import dev.portcullis.mock.rpc.RpcOutcome;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The 15 tools, in a stable order, and how a {@code tools/call} reaches one. */
public final class ToolCatalog {

    /** Replaced whole when a description changes, so readers on any thread see one consistent catalog. */
    private volatile Map<String, Tool> tools;
    private final Consumer<String> resourceUpdated;

    /** @param resourceUpdated told the URI of each resource a successful call may have changed */
    public ToolCatalog(MockStore store, Consumer<String> resourceUpdated) {
        this.resourceUpdated = resourceUpdated;
        List<Tool> all = new ArrayList<>();
        all.addAll(new UserTools(store).tools());
        all.addAll(new ContentTools(store).tools());
        all.addAll(new CommerceTools(store).tools());
        all.addAll(new InsightTools(store).tools());
        all.addAll(new UtilityTools().tools());
        all.addAll(new DiagnosticTools().tools());
        Map<String, Tool> byName = new LinkedHashMap<>();
        all.forEach(tool -> byName.put(tool.name(), tool));
        tools = byName;
    }

    /**
     * Changes a tool's description from now on (what a compromised server does in a "rug pull"; tests and demos
     * of tool pinning use it). Thread-safe.
     *
     * @return false when there is no such tool
     */
    public synchronized boolean redescribe(String name, String description) {
        Tool tool = tools.get(name);
        if (tool == null) {
            return false;
        }
        Map<String, Tool> changed = new LinkedHashMap<>(tools);
        changed.put(name, new Tool(tool.name(), tool.title(), description, tool.inputSchema(), tool.outputSchema(),
                tool.annotations(), tool.touches(), tool.streaming(), tool.handler()));
        tools = changed;
        return true;
    }

    public List<Tool> all() {
        return List.copyOf(tools.values());
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /**
     * Runs a tool. Unknown tools and non-object arguments are protocol errors (-32602); bad argument values are
     * tool errors ({@code isError: true}), which is how MCP 2025-11-25 wants input validation reported.
     */
    public Future<RpcOutcome> call(String name, JsonNode arguments, CallContext context) {
        Tool tool = tools.get(name);
        if (tool == null) {
            return Future.succeededFuture(RpcOutcome.invalidParams("Unknown tool: " + name));
        }
        ObjectNode args;
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            args = Json.object();
        } else if (arguments.isObject()) {
            args = (ObjectNode) arguments;
        } else {
            return Future.succeededFuture(RpcOutcome.invalidParams("'arguments' must be an object"));
        }
        Future<ToolResult> result;
        try {
            result = tool.handler().call(new ToolArgs(args), context);
        } catch (ToolArgs.InvalidArgumentException e) {
            result = Future.succeededFuture(ToolResult.error("Invalid arguments: " + e.getMessage()));
        }
        return result.map(toolResult -> {
            if (!toolResult.isError()) {
                tool.touches().forEach(resourceUpdated);
            }
            return RpcOutcome.success(toolResult.toJson());
        });
    }

    /** True for a failure that means "cancelled, send nothing" rather than an internal error. */
    public static boolean isCancellation(Throwable failure) {
        return failure instanceof DiagnosticTools.CancelledException;
    }
}
