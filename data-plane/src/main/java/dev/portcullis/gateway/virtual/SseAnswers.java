package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.framing.Framer;
import dev.portcullis.gateway.framing.SseFields;
import dev.portcullis.model.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Finds the answer to a request in a whole SSE body a member leg returned to a fan-out. */
final class SseAnswers {

    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private SseAnswers() {
    }

    static JsonNode find(Buffer body, JsonNode id) {
        JsonNode[] found = {null};
        Framer framer = new Framer(Framer.Mode.EVENTS, MAX_FRAME, Framer.Overflow.FAIL, frame -> {
            if (found[0] != null) {
                return;
            }
            SseFields fields = SseFields.parse(frame);
            JsonNode message = fields.data() == null ? null : parse(fields.data());
            if (message != null && message.get("method") == null
                    && (message.has("result") || message.has("error"))
                    && (id == null || UpstreamMessage.sameId(message.get("id"), id))) {
                found[0] = message;
            }
        });
        framer.feed(body);
        framer.finish();
        return found[0];
    }

    /** The JSON object {@code text} holds, or null. */
    static JsonNode parse(String text) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
