package dev.portcullis.mock.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to a tool call's {@code arguments}. A missing or ill-typed argument throws
 * {@link InvalidArgumentException}, which {@link ToolCatalog} turns into an {@code isError} result: validation
 * reads as straight-line code and every tool reports bad input the same way.
 */
public final class ToolArgs {

    private final ObjectNode arguments;

    public ToolArgs(ObjectNode arguments) {
        this.arguments = arguments;
    }

    public ObjectNode raw() {
        return arguments;
    }

    public String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> new InvalidArgumentException("'" + name + "' is required"));
    }

    public Optional<String> optionalString(String name) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidArgumentException("'" + name + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    public String stringOneOf(String name, List<String> allowed, String fallback) {
        String value = optionalString(name).orElse(fallback);
        if (value == null) {
            throw new InvalidArgumentException("'" + name + "' is required");
        }
        if (!allowed.contains(value)) {
            throw new InvalidArgumentException("'" + name + "' must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    public int requiredInt(String name, int min, int max) {
        return optionalInt(name, min, max)
                .orElseThrow(() -> new InvalidArgumentException("'" + name + "' is required"));
    }

    public Optional<Integer> optionalInt(String name, int min, int max) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw new InvalidArgumentException("'" + name + "' must be an integer");
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw new InvalidArgumentException("'" + name + "' must be between " + min + " and " + max);
        }
        return Optional.of((int) number);
    }

    public Optional<Double> optionalNumber(String name, double min, double max) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new InvalidArgumentException("'" + name + "' must be a number");
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            throw new InvalidArgumentException("'" + name + "' must be between " + min + " and " + max);
        }
        return Optional.of(number);
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidArgumentException("'" + name + "' must be a boolean");
        }
        return value.asBoolean();
    }

    public JsonNode requiredArray(String name) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidArgumentException("'" + name + "' is required");
        }
        if (!value.isArray()) {
            throw new InvalidArgumentException("'" + name + "' must be an array");
        }
        return value;
    }

    /** Bad tool input; reported to the caller as a tool error result. */
    public static final class InvalidArgumentException extends RuntimeException {
        public InvalidArgumentException(String message) {
            super(message, null, false, false);
        }
    }
}
