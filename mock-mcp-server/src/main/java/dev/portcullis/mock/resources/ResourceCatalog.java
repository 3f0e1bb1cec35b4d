package dev.portcullis.mock.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.data.MockStore;
import dev.portcullis.mock.rpc.ErrorCodes;
import dev.portcullis.mock.rpc.Json;
import dev.portcullis.mock.rpc.RpcOutcome;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The three fixed resources (users://list, products://catalog, posts://list) and the templates users://{id},
 * posts://{id} and products://{id}, all read live from the store as JSON.
 */
public final class ResourceCatalog {

    /** A fixed resource. */
    public record Resource(String uri, String name, String title, String description, Supplier<JsonNode> content) {
    }

    /** A URI template {@code <scheme>://{id}}; {@code ids} lists the ids that exist (for completion). */
    public record Template(String scheme, String name, String title, String description,
                           IntFunction<Optional<JsonNode>> item, Supplier<List<Integer>> ids) {
        public String uriTemplate() {
            return scheme + "://{id}";
        }
    }

    private static final String MIME_TYPE = "application/json";

    private final List<Resource> resources;
    private final List<Template> templates;

    public ResourceCatalog(MockStore store) {
        Function<Object, JsonNode> tree = Json.MAPPER::valueToTree;
        this.resources = List.of(
                new Resource("users://list", "users", "Users", "All users of the directory",
                        () -> tree.apply(store.users())),
                new Resource("products://catalog", "products", "Product catalog",
                        "Every product with price (cents) and stock", () -> tree.apply(store.products())),
                new Resource("posts://list", "posts", "Posts", "All blog posts", () -> tree.apply(store.posts())));
        this.templates = List.of(
                new Template("users", "user", "User by id", "One user", id -> store.user(id).map(tree),
                        () -> store.users().stream().map(u -> u.id()).toList()),
                new Template("posts", "post", "Post by id", "One blog post", id -> store.post(id).map(tree),
                        () -> store.posts().stream().map(p -> p.id()).toList()),
                new Template("products", "product", "Product by id", "One product",
                        id -> store.product(id).map(tree),
                        () -> store.products().stream().map(p -> p.id()).toList()));
    }

    public List<Resource> resources() {
        return resources;
    }

    public List<Template> templates() {
        return templates;
    }

    public Optional<Template> template(String uriTemplate) {
        return templates.stream().filter(t -> t.uriTemplate().equals(uriTemplate)).findFirst();
    }

    public static ObjectNode descriptor(Resource resource) {
        return Json.object().put("uri", resource.uri()).put("name", resource.name()).put("title", resource.title())
                .put("description", resource.description()).put("mimeType", MIME_TYPE);
    }

    public static ObjectNode descriptor(Template template) {
        return Json.object().put("uriTemplate", template.uriTemplate()).put("name", template.name())
                .put("title", template.title()).put("description", template.description())
                .put("mimeType", MIME_TYPE);
    }

    /** True when {@code uri} names a fixed resource or an existing templated item. */
    public boolean exists(String uri) {
        return content(uri).isPresent();
    }

    /** {@code resources/read}: an unknown URI is MCP's resource-not-found error (-32002). */
    public RpcOutcome read(String uri) {
        Optional<JsonNode> content = content(uri);
        if (content.isEmpty()) {
            return new RpcOutcome.Failure(ErrorCodes.RESOURCE_NOT_FOUND, "Resource not found: " + uri);
        }
        ObjectNode result = Json.object();
        ArrayNode contents = result.putArray("contents");
        contents.addObject().put("uri", uri).put("mimeType", MIME_TYPE).put("text", Json.writePretty(content.get()));
        return RpcOutcome.success(result);
    }

    private Optional<JsonNode> content(String uri) {
        for (Resource resource : resources) {
            if (resource.uri().equals(uri)) {
                return Optional.of(resource.content().get());
            }
        }
        for (Template template : templates) {
            String prefix = template.scheme() + "://";
            if (uri.startsWith(prefix)) {
                String id = uri.substring(prefix.length());
                if (!id.isEmpty() && id.length() < 10 && id.chars().allMatch(Character::isDigit)) {
                    return template.item().apply(Integer.parseInt(id));
                }
            }
        }
        return Optional.empty();
    }
}
