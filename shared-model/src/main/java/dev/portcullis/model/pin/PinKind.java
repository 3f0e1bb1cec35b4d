package dev.portcullis.model.pin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.portcullis.model.json.UnacceptedValueException;
import java.util.List;

/**
 * The primitives a proxy pins, each with the list method announcing it, the array of the list answer holding it,
 * the member naming an item, and the members of a definition that are hashed (every member an agent's model
 * reads or that changes what a call does; {@code _meta} and {@code icons} are left out).
 */
public enum PinKind {
    TOOL("tool", "tools/list", "tools", "name",
            List.of("name", "title", "description", "inputSchema", "outputSchema", "annotations")),
    PROMPT("prompt", "prompts/list", "prompts", "name", List.of("name", "title", "description", "arguments")),
    RESOURCE_TEMPLATE("resourceTemplate", "resources/templates/list", "resourceTemplates", "uriTemplate",
            List.of("uriTemplate", "name", "title", "description", "mimeType", "annotations"));

    private final String json;
    private final String listMethod;
    private final String arrayField;
    private final String nameField;
    private final List<String> hashedFields;

    PinKind(String json, String listMethod, String arrayField, String nameField, List<String> hashedFields) {
        this.json = json;
        this.listMethod = listMethod;
        this.arrayField = arrayField;
        this.nameField = nameField;
        this.hashedFields = hashedFields;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public String listMethod() {
        return listMethod;
    }

    public String arrayField() {
        return arrayField;
    }

    public String nameField() {
        return nameField;
    }

    public List<String> hashedFields() {
        return hashedFields;
    }

    public static final String ACCEPTED = "must be one of tool, prompt, resourceTemplate";

    /** Binding: a kind other than the three is refused with {@link #ACCEPTED}, never read as absent. */
    @JsonCreator
    static PinKind fromJson(String value) {
        PinKind kind = parse(value);
        if (kind == null) {
            throw new UnacceptedValueException(ACCEPTED);
        }
        return kind;
    }

    /** The kind spelled {@code tool}, {@code prompt} or {@code resourceTemplate}; null for anything else. */
    public static PinKind parse(String value) {
        for (PinKind kind : values()) {
            if (kind.json.equals(value)) {
                return kind;
            }
        }
        return null;
    }
}
