package dev.portcullis.mock.tools;

import static dev.portcullis.mock.tools.Schemas.enumOf;
import static dev.portcullis.mock.tools.Schemas.hints;
import static dev.portcullis.mock.tools.Schemas.integer;
import static dev.portcullis.mock.tools.Schemas.object;
import static dev.portcullis.mock.tools.Schemas.required;
import static dev.portcullis.mock.tools.Schemas.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.data.MockStore;
import dev.portcullis.mock.data.User;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** get_users, create_user, update_user, delete_user over the in-memory user directory. */
final class UserTools {

    static final List<String> ROLES = List.of("admin", "user", "viewer");
    private static final Set<String> USER_RESOURCES = Set.of("users://list");

    private final MockStore store;

    UserTools(MockStore store) {
        this.store = store;
    }

    List<Tool> tools() {
        return List.of(
                Tool.of("get_users", "Get users", "List users, optionally filtered by role or a search text.",
                        object(required(),
                                "role", enumOf("Only users with this role", null, ROLES.toArray(String[]::new)),
                                "search", string("Case-insensitive text matched against name and email"),
                                "limit", integer("Maximum number of users to return", 1, 100, 10)),
                        hints(true, false, true), Set.of(), this::getUsers),
                Tool.of("create_user", "Create user", "Create a user with a unique email address.",
                        object(required("name", "email"),
                                "name", string("Full name"),
                                "email", string("Email address (unique)", "email"),
                                "role", enumOf("Role", "user", ROLES.toArray(String[]::new))),
                        hints(false, false, false), USER_RESOURCES, this::createUser),
                Tool.of("update_user", "Update user", "Change a user's name, email or role.",
                        object(required("id"),
                                "id", integer("User id", 1, Integer.MAX_VALUE),
                                "name", string("New full name"),
                                "email", string("New email address", "email"),
                                "role", enumOf("New role", null, ROLES.toArray(String[]::new))),
                        hints(false, false, true), USER_RESOURCES, this::updateUser),
                Tool.of("delete_user", "Delete user", "Delete a user by id.",
                        object(required("id"), "id", integer("User id", 1, Integer.MAX_VALUE)),
                        hints(false, true, true), USER_RESOURCES, this::deleteUser));
    }

    static ObjectNode toJson(User user) {
        return Json.MAPPER.valueToTree(user);
    }

    private ToolResult getUsers(ToolArgs args, CallContext context) {
        Optional<String> role = args.optionalString("role");
        if (role.isPresent() && !ROLES.contains(role.get())) {
            return ToolResult.error("'role' must be one of " + ROLES);
        }
        String search = args.optionalString("search").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        int limit = args.optionalInt("limit", 1, 100).orElse(10);
        List<User> matching = store.users().stream()
                .filter(u -> role.isEmpty() || u.role().equals(role.get()))
                .filter(u -> search == null || u.name().toLowerCase(Locale.ROOT).contains(search)
                        || u.email().toLowerCase(Locale.ROOT).contains(search))
                .toList();
        ObjectNode result = Json.object();
        ArrayNode users = result.putArray("users");
        matching.stream().limit(limit).forEach(u -> users.add(toJson(u)));
        result.put("total", matching.size());
        return ToolResult.json(result);
    }

    private ToolResult createUser(ToolArgs args, CallContext context) {
        String name = args.requiredString("name").strip();
        String email = args.requiredString("email").strip();
        String role = args.stringOneOf("role", ROLES, "user");
        if (name.isEmpty()) {
            return ToolResult.error("'name' must not be blank");
        }
        if (!EmailAddress.isValid(email)) {
            return ToolResult.error("'email' is not a valid email address: " + email);
        }
        if (store.userByEmail(email).isPresent()) {
            return ToolResult.error("a user with email " + email + " already exists");
        }
        return ToolResult.json(Json.object().<ObjectNode>set("user", toJson(store.createUser(name, email, role)))
                .put("message", "User created"));
    }

    private ToolResult updateUser(ToolArgs args, CallContext context) {
        int id = args.requiredInt("id", 1, Integer.MAX_VALUE);
        Optional<String> email = args.optionalString("email").map(String::strip);
        Optional<String> name = args.optionalString("name").map(String::strip);
        Optional<String> role = args.optionalString("role");
        Optional<User> existing = store.user(id);
        if (existing.isEmpty()) {
            return ToolResult.error("user " + id + " not found");
        }
        if (role.isPresent() && !ROLES.contains(role.get())) {
            return ToolResult.error("'role' must be one of " + ROLES);
        }
        if (email.isPresent() && !EmailAddress.isValid(email.get())) {
            return ToolResult.error("'email' is not a valid email address: " + email.get());
        }
        if (email.isPresent() && store.userByEmail(email.get()).filter(u -> u.id() != id).isPresent()) {
            return ToolResult.error("a user with email " + email.get() + " already exists");
        }
        User old = existing.get();
        User updated = new User(id, name.orElse(old.name()), email.orElse(old.email()), role.orElse(old.role()),
                old.createdAt());
        store.replaceUser(updated);
        return ToolResult.json(Json.object().<ObjectNode>set("user", toJson(updated)).put("message", "User updated"));
    }

    private ToolResult deleteUser(ToolArgs args, CallContext context) {
        int id = args.requiredInt("id", 1, Integer.MAX_VALUE);
        if (!store.deleteUser(id)) {
            return ToolResult.error("user " + id + " not found");
        }
        return ToolResult.json(Json.object().put("deleted", id).put("message", "User deleted"));
    }
}
