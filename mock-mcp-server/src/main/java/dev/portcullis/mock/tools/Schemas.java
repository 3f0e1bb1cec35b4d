package dev.portcullis.mock.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.Json;

/** Small builders for the JSON Schemas of tool inputs. */
final class Schemas {

    private Schemas() {
    }

    /** An object schema; {@code properties} alternate name and schema; {@code required} lists required names. */
    static ObjectNode object(String[] required, Object... properties) {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        for (int i = 0; i < properties.length; i += 2) {
            props.set((String) properties[i], (ObjectNode) properties[i + 1]);
        }
        if (required.length > 0) {
            ArrayNode names = schema.putArray("required");
            for (String name : required) {
                names.add(name);
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    static String[] required(String... names) {
        return names;
    }

    static ObjectNode string(String description) {
        return Json.object().put("type", "string").put("description", description);
    }

    static ObjectNode string(String description, String format) {
        return string(description).put("format", format);
    }

    static ObjectNode enumOf(String description, String defaultValue, String... values) {
        ObjectNode schema = string(description);
        ArrayNode allowed = schema.putArray("enum");
        for (String value : values) {
            allowed.add(value);
        }
        if (defaultValue != null) {
            schema.put("default", defaultValue);
        }
        return schema;
    }

    static ObjectNode integer(String description, int minimum, int maximum) {
        return Json.object().put("type", "integer").put("description", description)
                .put("minimum", minimum).put("maximum", maximum);
    }

    static ObjectNode integer(String description, int minimum, int maximum, int defaultValue) {
        return integer(description, minimum, maximum).put("default", defaultValue);
    }

    static ObjectNode number(String description, double minimum, double maximum) {
        return Json.object().put("type", "number").put("description", description)
                .put("minimum", minimum).put("maximum", maximum);
    }

    static ObjectNode bool(String description, boolean defaultValue) {
        return Json.object().put("type", "boolean").put("description", description).put("default", defaultValue);
    }

    static ObjectNode arrayOf(String description, ObjectNode items, int minItems) {
        ObjectNode schema = Json.object().put("type", "array").put("description", description);
        schema.set("items", items);
        schema.put("minItems", minItems);
        return schema;
    }

    /** Behaviour hints of MCP tool annotations. */
    static ObjectNode hints(boolean readOnly, boolean destructive, boolean idempotent) {
        return Json.object().put("readOnlyHint", readOnly).put("destructiveHint", destructive)
                .put("idempotentHint", idempotent).put("openWorldHint", false);
    }
}
