package dev.portcullis.gateway.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import io.vertx.core.MultiMap;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a tool's {@code inputSchema} asks clients to mirror into {@code Mcp-Param-<Name>} headers
 * (MCP 2026-07-28: a property carrying {@code "x-mcp-header": "<Name>"}, reached from the schema root through
 * {@code properties} keys only), compiled once when a {@code tools/list} answer announces the tool, so checking a
 * call costs one header lookup and one path walk per declared argument.
 *
 * <p>A call agrees with the declarations when, for each one, the header is absent exactly when the argument is
 * absent or null, and otherwise decodes ({@code =?base64?...?=} allowed) to the argument: the same string, the same
 * number (compared numerically, so {@code 42} matches {@code 42.0}), or {@code true} / {@code false}. An annotation
 * whose name is not an HTTP token, longer than {@value #MAX_NAME} characters, or repeated (ignoring case) is
 * ignored, as is anything past {@value #MAX_PARAMS} annotations or {@value #MAX_DEPTH} levels. Immutable.
 */
public final class DeclaredParams {

    public static final int MAX_PARAMS = 32;
    public static final int MAX_DEPTH = 8;
    public static final int MAX_NAME = 64;
    public static final String PREFIX = "Mcp-Param-";
    private static final String TCHARS = "!#$%&'*+-.^_`|~";

    /** One mirrored argument: its header and the {@code properties} keys leading to it in the arguments. */
    record Param(String header, List<String> path) {
    }

    private final List<Param> params;

    private DeclaredParams(List<Param> params) {
        this.params = List.copyOf(params);
    }

    /** The declarations of {@code inputSchema}; empty when it declares none (or is not an object). */
    public static DeclaredParams of(JsonNode inputSchema) {
        List<Param> found = new ArrayList<>();
        collect(inputSchema, new ArrayList<>(), found, new HashSet<>());
        return new DeclaredParams(found);
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    /** The declared header names, as the client sends them ({@code Mcp-Param-<Name>}). */
    public List<String> headers() {
        return params.stream().map(Param::header).toList();
    }

    /** The first declared header that disagrees with {@code arguments} (a call's {@code params.arguments}). */
    public Optional<GatewayError> check(MultiMap headers, JsonNode arguments) {
        for (Param param : params) {
            String problem = problem(headers.getAll(param.header()), valueAt(arguments, param.path()));
            if (problem != null) {
                return Optional.of(GatewayErrors.headerMismatch(param.header(), problem));
            }
        }
        return Optional.empty();
    }

    /**
     * Sets each declared header to mirror {@code arguments} (after the gateway edited them), so an upstream that
     * trusts the headers sees the body it receives: absent, null, object or array arguments remove the header.
     */
    public void mirror(MultiMap headers, JsonNode arguments) {
        for (Param param : params) {
            JsonNode argument = valueAt(arguments, param.path());
            if (argument == null || !(argument.isTextual() || argument.isNumber() || argument.isBoolean())) {
                headers.remove(param.header());
            } else {
                headers.set(param.header(), HeaderValue.encode(argument.asText()));
            }
        }
    }

    private static String problem(List<String> values, JsonNode argument) {
        boolean absent = argument == null || argument.isNull() || argument.isMissingNode();
        if (values.size() > 1) {
            return "is repeated";
        }
        if (values.isEmpty()) {
            return absent ? null : "is missing";
        }
        if (absent) {
            return "does not match the request body";
        }
        Optional<String> decoded = HeaderValue.decode(values.get(0));
        if (decoded.isEmpty()) {
            return "is malformed";
        }
        return matches(decoded.get(), argument) ? null : "does not match the request body";
    }

    private static boolean matches(String header, JsonNode argument) {
        if (argument.isTextual()) {
            return header.equals(argument.textValue());
        }
        if (argument.isBoolean()) {
            return header.equals(argument.asText());
        }
        if (argument.isNumber()) {
            try {
                return new BigDecimal(header.strip()).compareTo(argument.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static JsonNode valueAt(JsonNode arguments, List<String> path) {
        JsonNode node = arguments;
        for (String key : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(key);
        }
        return node;
    }

    private static void collect(JsonNode schema, List<String> path, List<Param> found, Set<String> seen) {
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties == null || !properties.isObject() || path.size() >= MAX_DEPTH) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            if (found.size() >= MAX_PARAMS) {
                return;
            }
            path.add(property.getKey());
            JsonNode name = property.getValue().get("x-mcp-header");
            if (name != null && name.isTextual() && isToken(name.textValue())
                    && seen.add(name.textValue().toLowerCase(Locale.ROOT))) {
                found.add(new Param(PREFIX + name.textValue(), List.copyOf(path)));
            }
            collect(property.getValue(), path, found, seen);
            path.remove(path.size() - 1);
        }
    }

    private static boolean isToken(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && TCHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DeclaredParams" + headers();
    }
}
