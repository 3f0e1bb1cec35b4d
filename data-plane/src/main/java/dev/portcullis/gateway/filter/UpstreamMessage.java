package dev.portcullis.gateway.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Objects;

/**
 * One JSON-RPC message the upstream sends back on a response: the whole JSON body, one SSE event's data, or one line
 * of a JSON-lines stream. Its JSON is parsed at most once, when a filter first asks, and shared by every filter that
 * looks at it; the bytes pass to the agent untouched unless a filter {@linkplain #replace replaces} or
 * {@linkplain #drop drops} the message. What it is ({@link #kind}, {@link #method}, {@link #answersRequest},
 * {@link #errorCode}, {@link #isToolError}) is read, until some filter needs the whole tree, by one streaming pass that
 * keeps only the top-level members and skips the rest (most answers are looked at only for that; docs/performance.md),
 * with the same rules as the tree: duplicate names or trailing tokens make it no JSON object. Event-loop confined, one
 * per message.
 */
public final class UpstreamMessage {

    /** What the message is, by its members (JSON-RPC 2.0). */
    public enum Kind {
        /** An object with {@code result} or {@code error} and no {@code method}: an answer to a request. */
        ANSWER,
        /** A {@code method} and a scalar, non-null {@code id}: a request the upstream sends the agent. */
        REQUEST,
        /** A {@code method} and no {@code id}. */
        NOTIFICATION,
        /**
         * A JSON array: a JSON-RPC batch, which no MCP revision the gateway speaks allows (a client that still
         * reads batches would act on what is inside it unseen).
         */
        BATCH,
        /** Not a JSON object or array, or none of the above. */
        OTHER
    }

    private final String text;
    private final Buffer bytes;
    private final JsonNode requestId;
    private final boolean anyId;
    private JsonNode json;
    private boolean parsed;
    private boolean batch;
    private MessageFacts facts;
    private boolean dropped;
    private boolean replaced;

    /**
     * @param text      the message's JSON text, when the relay already holds it as text (an SSE event's data)
     * @param bytes     the message's JSON text as bytes, otherwise
     * @param requestId the id of the agent's request; null when it sent none (a GET stream, a notification)
     * @param anyId     true when HTTP ties the message to the request whatever id it carries (a JSON body, a line
     *                  of a JSON-lines body); false on an SSE stream, where the answer carries the request's id
     */
    public UpstreamMessage(String text, Buffer bytes, JsonNode requestId, boolean anyId) {
        this.text = text;
        this.bytes = bytes;
        this.requestId = requestId;
        this.anyId = anyId;
    }

    /** The message as parsed: null when it is not a JSON object. */
    public JsonNode json() {
        if (!parsed) {
            parsed = true;
            json = parse();
        }
        return json;
    }

    public Kind kind() {
        MessageFacts message = facts();
        if (message == null) {
            return batch ? Kind.BATCH : Kind.OTHER;
        }
        JsonNode method = message.method();
        if (method != null) {
            if (!method.isTextual()) {
                return Kind.OTHER;
            }
            JsonNode id = message.id();
            if (id == null) {
                return Kind.NOTIFICATION;
            }
            return id.isNull() || id.isContainerNode() ? Kind.OTHER : Kind.REQUEST;
        }
        return message.hasResult() || message.hasError() ? Kind.ANSWER : Kind.OTHER;
    }

    /** The {@code method} of a request or notification; null otherwise. */
    public String method() {
        MessageFacts message = facts();
        JsonNode method = message == null ? null : message.method();
        return method != null && method.isTextual() ? method.textValue() : null;
    }

    /**
     * True for the answer to the agent's request: the JSON body of an answer, the SSE event whose answer carries the
     * request's id (or a null id), or the answer line of a JSON-lines body.
     */
    public boolean answersRequest() {
        if (kind() != Kind.ANSWER) {
            return false;
        }
        JsonNode id = facts().id();
        // A JSON-RPC server answers a request it could not read with a null id: that is the answer to this one.
        return anyId || requestId != null && id != null && (id.isNull() || sameId(id, requestId));
    }

    /** The answer's error code, or null when it is not an error answer with an integer code. */
    public Integer errorCode() {
        MessageFacts message = facts();
        return message == null ? null : message.errorCode();
    }

    /** True for a tool result that reports an error ({@code result.isError: true}). */
    public boolean isToolError() {
        MessageFacts message = facts();
        return message != null && message.toolError();
    }

    /**
     * The members the methods above read: from the tree once some filter parsed (or replaced) it, else from one
     * streaming pass; null when the message is not a JSON object.
     */
    private MessageFacts facts() {
        if (parsed) {
            return json == null ? null : MessageFacts.of(json);
        }
        if (facts == null) {
            facts = MessageFacts.read(text, bytes);
            batch = facts == MessageFacts.AN_ARRAY;
        }
        return facts == MessageFacts.NOT_AN_OBJECT || facts == MessageFacts.AN_ARRAY ? null : facts;
    }

    /** The message never reaches the agent. */
    public void drop() {
        dropped = true;
    }

    public boolean dropped() {
        return dropped;
    }

    /** The agent receives {@code message} instead (it is written out once, after every filter had its look). */
    public void replace(ObjectNode message) {
        this.json = Objects.requireNonNull(message, "message");
        this.parsed = true;
        this.replaced = true;
    }

    public boolean replaced() {
        return replaced;
    }

    /** JSON-RPC ids compare by value: {@code 1} and {@code 1.0} are the same id, {@code "1"} is another. */
    public static boolean sameId(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.isTextual() && b.isTextual() && a.textValue().equals(b.textValue());
    }

    private JsonNode parse() {
        try {
            JsonNode node = text != null ? Json.mapper().readTree(text) : Json.mapper().readTree(bytes.getBytes());
            batch = node != null && node.isArray();
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
