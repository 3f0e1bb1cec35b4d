package dev.portcullis.model.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.StorableJson;
import dev.portcullis.model.validation.ValidationException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Binds JSON to a record with {@link Json#mapper()} and turns every Jackson complaint into a {@link FieldError}
 * with a dotted path ({@code upstrem: unknown field}, {@code upstream.timeoutMs: must be an integer}).
 *
 * <p>Jackson stops at the first wrong value, so binding runs on the parsed tree: each time a value is rejected,
 * the error is recorded, the value removed, and binding retried (at most {@value #MAX_ATTEMPTS} times). Unknown
 * fields are recorded and skipped in the same pass. Only malformed JSON, which cannot be resumed, yields a single
 * error. {@link #read(byte[], Function)} then adds the record's own validation errors, except those under a
 * field already reported (a removed number would otherwise also be "must be greater than 0"). A document that
 * {@link StorableJson} refuses (NUL or unpaired surrogates anywhere, too deep, infinite numbers) is not bound at
 * all: its errors are the answer. Thread-safe.
 */
public final class StrictJsonReader<T> {

    private static final int MAX_ATTEMPTS = 50;
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private final Class<T> type;

    public StrictJsonReader(Class<T> type) {
        this.type = type;
    }

    /** The bound value (null when nothing could be bound) and the binding problems; never throws. */
    public record Bound<T>(T value, List<FieldError> errors) {
    }

    /**
     * Binds and validates; returns a value only when there is no problem of either kind, otherwise throws
     * {@link ValidationException} with all of them.
     */
    public T read(byte[] json, Function<T, List<FieldError>> validator) {
        Bound<T> bound = bind(json);
        List<FieldError> errors = new ArrayList<>(bound.errors());
        if (bound.value() != null) {
            for (FieldError error : validator.apply(bound.value())) {
                if (!coveredBy(error, bound.errors())) {
                    errors.add(error);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return bound.value();
    }

    /** Binds only (no record validation); throws {@link ValidationException} listing every binding problem. */
    public T read(byte[] json) {
        return read(json, value -> List.of());
    }

    public Bound<T> bind(byte[] json) {
        if (!Utf8.isValid(json)) {
            return failed(new FieldError("", "malformed JSON: not valid UTF-8"));
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            return failed(new FieldError("", "malformed JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            return failed(new FieldError("", "unreadable JSON"));
        }
        if (tree == null || tree.isMissingNode()) {
            return failed(new FieldError("", "malformed JSON: empty document"));
        }
        if (!tree.isObject()) {
            return failed(new FieldError("", "must be a JSON object"));
        }
        List<FieldError> unstorable = StorableJson.check(tree);
        if (!unstorable.isEmpty()) {
            return new Bound<>(null, unstorable);
        }
        List<FieldError> rejected = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            UnknownFields unknown = new UnknownFields();
            ObjectReader reader = Json.mapper().readerFor(type).withHandler(unknown);
            try {
                T value = reader.readValue(tree);
                return new Bound<>(value, merge(rejected, unknown.errors));
            } catch (JsonMappingException e) {
                rejected.add(new FieldError(path(e.getPath()), describe(e)));
                if (e.getPath().isEmpty() || !remove(tree, e.getPath())) {
                    return new Bound<>(null, merge(rejected, unknown.errors));
                }
            } catch (IOException e) {
                rejected.add(new FieldError("", "unreadable JSON"));
                return new Bound<>(null, rejected);
            }
        }
        rejected.add(new FieldError("", "too many errors"));
        return new Bound<>(null, rejected);
    }

    private Bound<T> failed(FieldError error) {
        return new Bound<>(null, List.of(error));
    }

    private static List<FieldError> merge(List<FieldError> rejected, List<FieldError> unknown) {
        List<FieldError> all = new ArrayList<>(unknown);
        all.addAll(rejected);
        return all;
    }

    private static boolean coveredBy(FieldError error, List<FieldError> reported) {
        for (FieldError earlier : reported) {
            String field = earlier.field();
            if (!field.isEmpty() && (error.field().equals(field) || error.field().startsWith(field + ".")
                    || error.field().startsWith(field + "["))) {
                return true;
            }
        }
        return false;
    }

    /** Removes the rejected value (a list element becomes null, to keep later indexes right). */
    private static boolean remove(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode parent = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = child(parent, path.get(i));
            if (parent == null) {
                return false;
            }
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (parent instanceof ArrayNode array && last.getIndex() >= 0 && last.getIndex() < array.size()) {
            if (array.get(last.getIndex()).isNull()) {
                return false;
            }
            array.set(last.getIndex(), NullNode.getInstance());
            return true;
        }
        if (parent instanceof ObjectNode object && last.getFieldName() != null) {
            String name = spelling(object, last.getFieldName());
            return name != null && object.remove(name) != null;
        }
        return false;
    }

    private static JsonNode child(JsonNode node, JsonMappingException.Reference reference) {
        if (reference.getIndex() >= 0) {
            return node.isArray() ? node.get(reference.getIndex()) : null;
        }
        String name = reference.getFieldName() == null ? null : spelling(node, reference.getFieldName());
        return name == null ? null : node.get(name);
    }

    /** The name as written in the document: the logical camelCase name, or its accepted snake_case alias. */
    private static String spelling(JsonNode object, String name) {
        if (object.has(name)) {
            return name;
        }
        String snake = CAMEL_HUMP.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        return object.has(snake) ? snake : null;
    }

    private static String describe(JsonMappingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InputCoercionException coercion) {
                return outOfRange(coercion.getTargetType());
            }
            if (cause instanceof UnacceptedValueException unaccepted) {
                return unaccepted.getMessage();
            }
        }
        if (e instanceof ValueInstantiationException) {
            return "invalid value";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            if (e instanceof InvalidFormatException && target.isEnum()) {
                return "is not one of the accepted values";
            }
            return expectation(target);
        }
        return "invalid value";
    }

    /** A number the field's type cannot hold (an {@code int} field given 99999999999). */
    private static String outOfRange(Class<?> target) {
        if (target == Integer.class || target == int.class) {
            return "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (target == Long.class || target == long.class) {
            return "must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "is out of range";
    }

    static String expectation(Class<?> target) {
        if (target == String.class) {
            return "must be a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be a boolean";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class
                || target == Short.class || target == short.class) {
            return "must be an integer";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "must be an array";
        }
        if (target == Instant.class) {
            return "must be an ISO-8601 instant";
        }
        return "must be an object";
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            }
        }
        return out.toString();
    }

    /** Path of the value the parser is positioned on, from the parser's own context chain. */
    private static String path(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        if (p.currentToken() != null && p.currentToken().isStructStart()) {
            context = context.getParent(); // the value's own object/array context has no name yet
        }
        return path(context);
    }

    /**
     * Path of an unknown member. The parser may stand on the member's value (inside an array value, or in a buffer
     * Jackson replays for a record, whose object context has lost the name), so the member's own name is joined to
     * the path of the object that holds it rather than read from the context.
     */
    private static String unknownMemberPath(JsonParser p, String name) {
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && name.equals(c.getCurrentName())) {
                return path(c);
            }
        }
        JsonStreamContext holder = p.getParsingContext();
        if (p.currentToken() != null && p.currentToken().isStructStart()) {
            holder = holder.getParent();
        }
        while (holder != null && !holder.inObject()) {
            holder = holder.getParent();
        }
        String parent = holder == null ? "" : path(holder.getParent());
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(c.getCurrentName());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            String part = parts.get(i);
            if (out.length() > 0 && !part.startsWith("[")) {
                out.append('.');
            }
            out.append(part);
        }
        return out.toString();
    }

    /** Records unknown fields and tells Jackson to skip them, so binding goes on. */
    private static final class UnknownFields extends DeserializationProblemHandler {

        private final List<FieldError> errors = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                             JsonDeserializer<?> deserializer, Object beanOrClass,
                                             String propertyName) throws IOException {
            errors.add(new FieldError(unknownMemberPath(p, propertyName), "unknown field"));
            p.skipChildren();
            return true;
        }
    }
}
