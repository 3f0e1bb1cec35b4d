package dev.portcullis.gateway.filter.discovery;

import dev.portcullis.gateway.request.PrimitiveType;
import java.util.Map;

/**
 * The discovery methods and, for each, the array holding the listed items, the field naming an item, and the
 * call whose authorisation decides whether the caller may see it. A resource template is checked as if its
 * {@code uriTemplate} were a URI, so a prefix rule {@code users://*} covers {@code users://{id}}.
 */
enum ListKind {
    TOOLS("tools/list", "tools", "name", "tools/call", PrimitiveType.TOOL),
    PROMPTS("prompts/list", "prompts", "name", "prompts/get", PrimitiveType.PROMPT),
    RESOURCES("resources/list", "resources", "uri", "resources/read", PrimitiveType.RESOURCE),
    RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "uriTemplate", "resources/read",
            PrimitiveType.RESOURCE);

    private static final Map<String, ListKind> BY_METHOD = Map.of(
            TOOLS.method, TOOLS, PROMPTS.method, PROMPTS, RESOURCES.method, RESOURCES,
            RESOURCE_TEMPLATES.method, RESOURCE_TEMPLATES);

    final String method;
    final String arrayField;
    final String nameField;
    final String callMethod;
    final PrimitiveType type;

    ListKind(String method, String arrayField, String nameField, String callMethod, PrimitiveType type) {
        this.method = method;
        this.arrayField = arrayField;
        this.nameField = nameField;
        this.callMethod = callMethod;
        this.type = type;
    }

    /** The list kind of a JSON-RPC method, or null. */
    static ListKind of(String method) {
        return method == null ? null : BY_METHOD.get(method);
    }
}
