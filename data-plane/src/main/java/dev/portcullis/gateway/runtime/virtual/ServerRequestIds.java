package dev.portcullis.gateway.runtime.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.model.json.Json;
import java.io.IOException;

/**
 * The ids of requests a member sends the agent through a virtual server: the agent sees the string
 * {@code "<member proxy id>|<original id as JSON>"}, so its response can be taken back to that member with the
 * id the member gave. Bounded: an original id longer than {@value #MAX_ORIGINAL} characters of JSON is not
 * wrapped (the request cannot be answered through the virtual server and is dropped).
 */
public final class ServerRequestIds {

    /** A member's id and the id it gave its request. */
    public record Origin(String member, JsonNode id) {
    }

    public static final int MAX_ORIGINAL = 512;
    private static final char SEPARATOR = '|';

    private ServerRequestIds() {
    }

    /** The id the agent sees; null when the original is too long or not a string or number. */
    public static TextNode wrap(String member, JsonNode id) {
        if (id == null || !(id.isTextual() || id.isNumber())) {
            return null;
        }
        String original = id.toString();
        return original.length() > MAX_ORIGINAL ? null : TextNode.valueOf(member + SEPARATOR + original);
    }

    /** The member and original id an agent's response names; null when {@code id} is not one {@link #wrap} made. */
    public static Origin unwrap(JsonNode id) {
        if (id == null || !id.isTextual()) {
            return null;
        }
        String text = id.textValue();
        int separator = text.indexOf(SEPARATOR);
        if (separator <= 0 || text.length() - separator - 1 > MAX_ORIGINAL) {
            return null;
        }
        try {
            JsonNode original = Json.mapper().readTree(text.substring(separator + 1));
            return original != null && (original.isTextual() || original.isNumber())
                    ? new Origin(text.substring(0, separator), original) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
