package dev.portcullis.controlplane.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replaces secret values in a JSON tree with {@code "***"} before it is written to the audit log. Two rules:
 * <ul>
 *   <li>every value of a header map that is sent upstream or to the agent ({@code upstream.authentication.headers},
 *   and the {@code add} map of any {@code transformRequestHeaders} / {@code transformResponseHeaders}), whatever
 *   the header is called: {@code X-Api-Key: abc} is as secret as {@code Authorization: Bearer abc};</li>
 *   <li>every string or number member whose name contains {@code key}, {@code auth}, {@code cookie},
 *   {@code password}, {@code secret}, {@code token}, {@code hash}, {@code credential} or is {@code value}, at any
 *   depth, except names ending in {@code header}, {@code url} or {@code id}, which hold a header name, an address
 *   or an identifier.</li>
 * </ul>
 * A value that is a whole {@code ${secret:name}} reference is not a secret and stays, so the log shows which secret
 * was used. Stateless and thread-safe.
 */
public final class AuditMasking {

    public static final String MASK = "***";
    private static final List<String> SECRET_WORDS = List.of("key", "auth", "cookie", "password", "secret", "token",
            "hash", "credential");
    private static final List<String> HARMLESS_ENDINGS = List.of("header", "url", "id");

    private AuditMasking() {
    }

    /** Masks {@code tree} in place and returns it; null stays null. */
    public static JsonNode mask(JsonNode tree) {
        mask(tree, null, null);
        return tree;
    }

    private static void mask(JsonNode tree, String name, String parentName) {
        if (tree instanceof ObjectNode object) {
            boolean headerValues = isHeaderMap(name, parentName);
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String child : names) {
                JsonNode value = object.get(child);
                if (value.isValueNode() && !value.isNull() && !value.isBoolean() && !isReference(value)
                        && (headerValues || isSecretName(child))) {
                    object.put(child, MASK);
                } else {
                    mask(value, child, name);
                }
            }
        } else if (tree instanceof ArrayNode array) {
            array.forEach(item -> mask(item, name, parentName));
        }
    }

    /** True for a map of header names to the values sent with them. */
    static boolean isHeaderMap(String name, String parentName) {
        return "headers".equals(name) && "authentication".equals(parentName)
                || "add".equals(name) && ("transformRequestHeaders".equals(parentName)
                || "transformResponseHeaders".equals(parentName));
    }

    static boolean isSecretName(String name) {
        String normalized = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (normalized.equals("value")) {
            return true;
        }
        if (HARMLESS_ENDINGS.stream().anyMatch(normalized::endsWith)) {
            return false;
        }
        return SECRET_WORDS.stream().anyMatch(normalized::contains);
    }

    /** A whole {@code ${secret:name}}; text around it, or a second reference, makes it a literal. */
    private static boolean isReference(JsonNode value) {
        String text = value.asText();
        return value.isTextual() && text.startsWith("${secret:") && text.indexOf('}') == text.length() - 1;
    }
}
