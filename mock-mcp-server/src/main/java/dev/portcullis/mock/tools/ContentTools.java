package dev.portcullis.mock.tools;

import static dev.portcullis.mock.tools.Schemas.hints;
import static dev.portcullis.mock.tools.Schemas.integer;
import static dev.portcullis.mock.tools.Schemas.object;
import static dev.portcullis.mock.tools.Schemas.required;
import static dev.portcullis.mock.tools.Schemas.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.data.MockStore;
import dev.portcullis.mock.data.Post;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** get_posts and create_post over the in-memory content store. */
final class ContentTools {

    private final MockStore store;

    ContentTools(MockStore store) {
        this.store = store;
    }

    List<Tool> tools() {
        return List.of(
                Tool.of("get_posts", "Get posts", "List blog posts, optionally by one author.",
                        object(required(),
                                "author_id", integer("Only posts by this user id", 1, Integer.MAX_VALUE),
                                "limit", integer("Maximum number of posts to return", 1, 100, 10)),
                        hints(true, false, true), Set.of(), this::getPosts),
                Tool.of("create_post", "Create post", "Publish a blog post by an existing user.",
                        object(required("title", "content", "author_id"),
                                "title", string("Post title"),
                                "content", string("Post body"),
                                "author_id", integer("Author's user id", 1, Integer.MAX_VALUE)),
                        hints(false, false, false), Set.of("posts://list"), this::createPost));
    }

    static ObjectNode toJson(Post post) {
        return Json.MAPPER.valueToTree(post);
    }

    private ToolResult getPosts(ToolArgs args, CallContext context) {
        Optional<Integer> author = args.optionalInt("author_id", 1, Integer.MAX_VALUE);
        int limit = args.optionalInt("limit", 1, 100).orElse(10);
        List<Post> matching = store.posts().stream()
                .filter(p -> author.isEmpty() || p.authorId() == author.get())
                .toList();
        ObjectNode result = Json.object();
        ArrayNode posts = result.putArray("posts");
        matching.stream().limit(limit).forEach(p -> posts.add(toJson(p)));
        result.put("total", matching.size());
        return ToolResult.json(result);
    }

    private ToolResult createPost(ToolArgs args, CallContext context) {
        String title = args.requiredString("title").strip();
        String content = args.requiredString("content");
        int authorId = args.requiredInt("author_id", 1, Integer.MAX_VALUE);
        if (title.isEmpty()) {
            return ToolResult.error("'title' must not be blank");
        }
        if (store.user(authorId).isEmpty()) {
            return ToolResult.error("author " + authorId + " does not exist");
        }
        Post post = store.addPost(title, content, authorId, Instant.now().toString());
        return ToolResult.json(Json.object().<ObjectNode>set("post", toJson(post)).put("message", "Post created"));
    }
}
