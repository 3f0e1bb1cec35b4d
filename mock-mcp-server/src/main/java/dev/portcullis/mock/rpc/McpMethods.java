package dev.portcullis.mock.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.prompts.Prompt;
import dev.portcullis.mock.prompts.PromptCatalog;
import dev.portcullis.mock.resources.ResourceCatalog;
import dev.portcullis.mock.tools.Tool;
import dev.portcullis.mock.tools.ToolCatalog;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers every MCP request method except {@code initialize} (which creates the session, see
 * {@link Initialization}). Runs on the event loop.
 */
public final class McpMethods {

    static final List<String> LOG_LEVELS =
            List.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private final ToolCatalog tools;
    private final PromptCatalog prompts;
    private final ResourceCatalog resources;
    private final Pagination pagination;

    public McpMethods(ToolCatalog tools, PromptCatalog prompts, ResourceCatalog resources, Pagination pagination) {
        this.tools = tools;
        this.prompts = prompts;
        this.resources = resources;
        this.pagination = pagination;
    }

    /** @param params the request's params: an object, or null when absent */
    public Future<RpcOutcome> dispatch(String method, ObjectNode params, CallContext context) {
        ObjectNode p = params == null ? Json.object() : params;
        return switch (method) {
            case "ping" -> done(RpcOutcome.success(Json.object()));
            case "tools/list" -> done(list("tools", tools.all(), Tool::descriptor, p));
            case "tools/call" -> requiredString(p, "name")
                    .map(name -> tools.call(name, p.get("arguments"), context))
                    .orElseGet(() -> done(RpcOutcome.invalidParams("'name' must be a string")));
            case "prompts/list" -> done(list("prompts", prompts.all(), PromptCatalog::descriptor, p));
            case "prompts/get" -> done(requiredString(p, "name")
                    .map(name -> prompts.get(name, p.get("arguments")))
                    .orElseGet(() -> RpcOutcome.invalidParams("'name' must be a string")));
            case "resources/list" -> done(list("resources", resources.resources(), ResourceCatalog::descriptor, p));
            case "resources/templates/list" ->
                    done(list("resourceTemplates", resources.templates(), ResourceCatalog::descriptor, p));
            case "resources/read" -> done(requiredString(p, "uri").map(resources::read)
                    .orElseGet(() -> RpcOutcome.invalidParams("'uri' must be a string")));
            case "resources/subscribe" -> done(subscribe(p, context, true));
            case "resources/unsubscribe" -> done(subscribe(p, context, false));
            case "logging/setLevel" -> done(setLevel(p, context));
            case "completion/complete" -> done(complete(p));
            default -> done(new RpcOutcome.Failure(ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method));
        };
    }

    private static Future<RpcOutcome> done(RpcOutcome outcome) {
        return Future.succeededFuture(outcome);
    }

    private static Optional<String> requiredString(JsonNode params, String field) {
        JsonNode value = params.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private <T> RpcOutcome list(String field, List<T> items, Function<T, ObjectNode> descriptor, ObjectNode params) {
        Optional<Pagination.Page<T>> page = pagination.page(field, items, params.get("cursor"));
        if (page.isEmpty()) {
            return RpcOutcome.invalidParams("Invalid cursor");
        }
        ObjectNode result = Json.object();
        ArrayNode array = result.putArray(field);
        page.get().items().forEach(item -> array.add(descriptor.apply(item)));
        page.get().nextCursor().ifPresent(cursor -> result.put("nextCursor", cursor));
        return RpcOutcome.success(result);
    }

    private RpcOutcome subscribe(ObjectNode params, CallContext context, boolean subscribe) {
        Optional<String> uri = requiredString(params, "uri");
        if (uri.isEmpty()) {
            return RpcOutcome.invalidParams("'uri' must be a string");
        }
        if (!resources.exists(uri.get())) {
            return new RpcOutcome.Failure(ErrorCodes.RESOURCE_NOT_FOUND, "Resource not found: " + uri.get());
        }
        if (subscribe) {
            context.session().subscribe(uri.get());
        } else {
            context.session().unsubscribe(uri.get());
        }
        return RpcOutcome.success(Json.object());
    }

    private static RpcOutcome setLevel(ObjectNode params, CallContext context) {
        Optional<String> level = requiredString(params, "level");
        if (level.isEmpty() || !LOG_LEVELS.contains(level.get())) {
            return RpcOutcome.invalidParams("'level' must be one of " + LOG_LEVELS);
        }
        context.session().logLevel(level.get());
        return RpcOutcome.success(Json.object());
    }

    /** Suggests prompt argument values, and ids for the resource templates' {@code id} variable. */
    private RpcOutcome complete(ObjectNode params) {
        JsonNode ref = params.get("ref");
        JsonNode argument = params.get("argument");
        if (ref == null || !ref.isObject() || argument == null || !argument.isObject()) {
            return RpcOutcome.invalidParams("'ref' and 'argument' must be objects");
        }
        Optional<String> type = requiredString(ref, "type");
        Optional<String> argName = requiredString(argument, "name");
        String prefix = Optional.ofNullable(argument.get("value")).map(JsonNode::asText).orElse("");
        if (type.isEmpty() || argName.isEmpty()) {
            return RpcOutcome.invalidParams("'ref.type' and 'argument.name' must be strings");
        }
        List<String> candidates;
        if (type.get().equals("ref/prompt")) {
            Optional<Prompt> prompt = requiredString(ref, "name").flatMap(prompts::find);
            if (prompt.isEmpty()) {
                return RpcOutcome.invalidParams("Unknown prompt in 'ref.name'");
            }
            candidates = prompt.get().arguments().stream().filter(a -> a.name().equals(argName.get()))
                    .findFirst().map(Prompt.PromptArgument::suggestions).orElse(List.of());
        } else if (type.get().equals("ref/resource")) {
            Optional<ResourceCatalog.Template> template = requiredString(ref, "uri").flatMap(resources::template);
            if (template.isEmpty()) {
                return RpcOutcome.invalidParams("Unknown resource template in 'ref.uri'");
            }
            candidates = argName.get().equals("id")
                    ? template.get().ids().get().stream().map(String::valueOf).toList()
                    : List.of();
        } else {
            return RpcOutcome.invalidParams("'ref.type' must be ref/prompt or ref/resource");
        }
        List<String> matching = candidates.stream().filter(c -> c.startsWith(prefix)).toList();
        ObjectNode result = Json.object();
        ObjectNode completion = result.putObject("completion");
        ArrayNode values = completion.putArray("values");
        matching.stream().limit(100).forEach(values::add);
        completion.put("total", matching.size());
        completion.put("hasMore", matching.size() > 100);
        return RpcOutcome.success(result);
    }
}
