package dev.portcullis.gateway.runtime.virtual;

/** The kinds of names a virtual server routes by, each with the list method that announces them. */
public enum CatalogKind {
    TOOLS("tools/list", "tools", "name", true),
    PROMPTS("prompts/list", "prompts", "name", true),
    RESOURCES("resources/list", "resources", "uri", false),
    RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "uriTemplate", false);

    public final String listMethod;
    public final String arrayField;
    public final String nameField;
    /** Tools and prompts get virtual names; resource URIs and templates keep theirs. */
    public final boolean renamed;

    CatalogKind(String listMethod, String arrayField, String nameField, boolean renamed) {
        this.listMethod = listMethod;
        this.arrayField = arrayField;
        this.nameField = nameField;
        this.renamed = renamed;
    }

    /** The kind a list method announces, or null. */
    public static CatalogKind ofList(String method) {
        for (CatalogKind kind : values()) {
            if (kind.listMethod.equals(method)) {
                return kind;
            }
        }
        return null;
    }

    /** The kind a list-changed notification invalidates, or null. */
    public static CatalogKind ofListChanged(String method) {
        return switch (method) {
            case "notifications/tools/list_changed" -> TOOLS;
            case "notifications/prompts/list_changed" -> PROMPTS;
            case "notifications/resources/list_changed" -> RESOURCES;
            default -> null;
        };
    }
}
