package dev.portcullis.controlplane.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.StorableJson;
import dev.portcullis.model.validation.ValidationException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reads request bodies with the strict shared mapper (duplicate keys and trailing content are errors). */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as a JSON object; 400 problem when it is empty, malformed or not an object, and a
     * {@link ValidationException} (also 400) naming every field {@link StorableJson} refuses: NUL or unpaired
     * surrogates in any member name or string, nesting too deep, non-finite numbers. Thrown as a validation error
     * rather than a {@link ProblemException} so callers that reword malformed bodies keep the field names.
     */
    public static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("", "the request body must be a JSON object");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            // Only the position: the parser's own message names internals and echoes part of the body.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ProblemException(Problem.of(400, "malformed-json", "Malformed JSON",
                    "the request body is not valid JSON" + where));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw ProblemException.invalid("", "the request body must be a JSON object");
        }
        List<FieldError> unstorable = StorableJson.check(object);
        if (!unstorable.isEmpty()) {
            throw new ValidationException(unstorable);
        }
        return object;
    }

    /** One {@code unknown field} error per member of {@code body} not in {@code known}. */
    public static List<FieldError> unknownFields(ObjectNode body, Set<String> known) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        return errors;
    }
}
