package dev.portcullis.mock.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.prompts.Prompt.PromptArgument;
import dev.portcullis.mock.rpc.Json;
import dev.portcullis.mock.rpc.RpcOutcome;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The four prompts and {@code prompts/get}. */
public final class PromptCatalog {

    private final Map<String, Prompt> prompts = new LinkedHashMap<>();

    public PromptCatalog() {
        add(new Prompt("user_management", "User management",
                "Help an administrator manage user accounts.",
                List.of(new PromptArgument("action", "What to do: list, create, update or delete", true,
                                List.of("list", "create", "update", "delete")),
                        new PromptArgument("user_id", "The user concerned, if any", false, List.of())),
                args -> "You are a user administration assistant. Use the get_users, create_user, update_user "
                        + "and delete_user tools. Task: " + args.get("action") + " users"
                        + args.getOrDefault("user_id", "").transform(id -> id.isEmpty() ? "." : " (user " + id + ")."
                )));
        add(new Prompt("ecommerce_assistant", "E-commerce assistant",
                "Help a shopper find products and place an order.",
                List.of(new PromptArgument("task", "browse, recommend or order", true,
                                List.of("browse", "recommend", "order")),
                        new PromptArgument("product_category", "Category to focus on", false,
                                List.of("electronics", "furniture", "books"))),
                args -> "You are a shopping assistant. Use get_products and process_order. Task: " + args.get("task")
                        + args.getOrDefault("product_category", "").transform(c -> c.isEmpty() ? "."
                        : " in the " + c + " category.")));
        add(new Prompt("content_management", "Content management",
                "Draft and publish blog content.",
                List.of(new PromptArgument("content_type", "post or summary", true, List.of("post", "summary")),
                        new PromptArgument("topic", "What the content is about", false, List.of())),
                args -> "You are an editor. Use get_posts and create_post. Write a " + args.get("content_type")
                        + args.getOrDefault("topic", "").transform(t -> t.isEmpty() ? "." : " about " + t + ".")));
        add(new Prompt("analytics_dashboard", "Analytics dashboard",
                "Summarise a metric for a period.",
                List.of(new PromptArgument("metric", "page_views, signups, revenue, active_users or orders", true,
                                List.of("page_views", "signups", "revenue", "active_users", "orders")),
                        new PromptArgument("period", "day, week or month (default week)", false,
                                List.of("day", "week", "month"))),
                args -> "You are a data analyst. Use get_analytics and generate_report. Summarise "
                        + args.get("metric") + " for the last " + args.getOrDefault("period", "week") + "."));
    }

    private void add(Prompt prompt) {
        prompts.put(prompt.name(), prompt);
    }

    public List<Prompt> all() {
        return List.copyOf(prompts.values());
    }

    public Optional<Prompt> find(String name) {
        return Optional.ofNullable(prompts.get(name));
    }

    public static ObjectNode descriptor(Prompt prompt) {
        ObjectNode node = Json.object().put("name", prompt.name()).put("title", prompt.title())
                .put("description", prompt.description());
        ArrayNode args = node.putArray("arguments");
        for (PromptArgument argument : prompt.arguments()) {
            args.addObject().put("name", argument.name()).put("description", argument.description())
                    .put("required", argument.required());
        }
        return node;
    }

    /** {@code prompts/get}: unknown prompt, a missing required argument or a non-string value are -32602. */
    public RpcOutcome get(String name, JsonNode arguments) {
        Prompt prompt = prompts.get(name);
        if (prompt == null) {
            return RpcOutcome.invalidParams("Unknown prompt: " + name);
        }
        Map<String, String> values = new HashMap<>();
        if (arguments != null && !arguments.isNull() && !arguments.isMissingNode()) {
            if (!arguments.isObject()) {
                return RpcOutcome.invalidParams("'arguments' must be an object");
            }
            for (Map.Entry<String, JsonNode> entry : arguments.properties()) {
                if (!entry.getValue().isTextual()) {
                    return RpcOutcome.invalidParams("argument '" + entry.getKey() + "' must be a string");
                }
                values.put(entry.getKey(), entry.getValue().asText());
            }
        }
        for (PromptArgument argument : prompt.arguments()) {
            if (argument.required() && !values.containsKey(argument.name())) {
                return RpcOutcome.invalidParams("Missing required argument: " + argument.name());
            }
        }
        ObjectNode result = Json.object().put("description", prompt.description());
        result.putArray("messages").addObject().put("role", "user").putObject("content")
                .put("type", "text").put("text", prompt.render().apply(values));
        return RpcOutcome.success(result);
    }
}
