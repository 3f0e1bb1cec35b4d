package dev.portcullis.controlplane.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fields of {@code /api/users} bodies, validated with one error per field: {@code username} (3-64 of
 * letters, digits, {@code . _ -}), {@code role}, {@code password} (at least {@value Passwords#MIN_LENGTH}
 * characters), {@code enabled}. Each body says which fields it requires; absent optional ones are null.
 */
public record UserFields(String username, Role role, String password, Boolean enabled) {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");

    public static UserFields parse(String body, Set<String> required, Set<String> allowed) {
        ObjectNode tree = JsonBodies.object(body);
        List<FieldError> errors = new ArrayList<>(JsonBodies.unknownFields(tree, allowed));
        for (String name : required) {
            if (tree.get(name) == null || tree.get(name).isNull()) {
                errors.add(new FieldError(name, "is required"));
            }
        }
        String username = text(tree, "username", errors);
        String password = text(tree, "password", errors);
        Role role = null;
        if (present(tree, "role")) {
            role = Role.parse(tree.get("role").asText()).orElse(null);
            if (role == null) {
                errors.add(new FieldError("role", "must be admin, editor or viewer"));
            }
        }
        Boolean enabled = null;
        if (present(tree, "enabled")) {
            if (tree.get("enabled").isBoolean()) {
                enabled = tree.get("enabled").asBoolean();
            } else {
                errors.add(new FieldError("enabled", "must be true or false"));
            }
        }
        validate(username, password, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new UserFields(username, role, password, enabled);
    }

    /** Checks a username and a password from a form; null values are not checked. */
    public static void validate(String username, String password, List<FieldError> errors) {
        if (username != null && !USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "must be 3 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (password != null && password.length() < Passwords.MIN_LENGTH) {
            errors.add(new FieldError("password", "must be at least " + Passwords.MIN_LENGTH + " characters"));
        }
        if (password != null && password.length() > 72) {
            errors.add(new FieldError("password", "must be at most 72 characters (bcrypt's limit)"));
        }
    }


    private static boolean present(ObjectNode tree, String name) {
        return tree.get(name) != null && !tree.get(name).isNull();
    }

    private static String text(ObjectNode tree, String name, List<FieldError> errors) {
        JsonNode node = tree.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        return node.asText();
    }
}
