package dev.portcullis.gateway.filter.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link TokenClaims} from a JWT payload or an RFC 7662 answer, tolerating the shapes seen in the wild
 * (string or array {@code aud}, {@code scope} string or {@code scp} string/array, numeric dates as integers or
 * decimals). Claims of the wrong type are treated as absent, which the rules then refuse where they matter.
 */
public final class ClaimReader {

    private ClaimReader() {
    }

    public static TokenClaims read(JsonObject claims, String subjectClaim, String policyClaim) {
        return new TokenClaims(
                string(claims.getValue(subjectClaim == null ? "sub" : subjectClaim)),
                string(claims.getValue("iss")),
                strings(claims.getValue("aud")),
                instant(claims.getValue("exp")),
                instant(claims.getValue("nbf")),
                scopes(claims),
                policyClaim == null ? List.of() : strings(claims.getValue(policyClaim)));
    }

    /**
     * The named claims as text, for templates: strings as they are, numbers and booleans as JSON writes them, arrays
     * of those joined with commas; objects, nulls and absent claims are left out.
     */
    public static Map<String, String> pick(JsonObject claims, Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, String> picked = new HashMap<>();
        for (String name : names) {
            Object value = claims.getValue(name);
            String text = value instanceof JsonArray array ? joined(array) : scalar(value);
            if (text != null) {
                picked.put(name, text);
            }
        }
        return picked;
    }

    private static String joined(JsonArray array) {
        List<String> parts = new ArrayList<>();
        for (Object element : array) {
            String text = scalar(element);
            if (text == null) {
                return null;
            }
            parts.add(text);
        }
        return String.join(",", parts);
    }

    private static String scalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                ? value.toString() : null;
    }

    private static Set<String> scopes(JsonObject claims) {
        Object value = claims.getValue("scope");
        if (value == null) {
            value = claims.getValue("scp");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String entry : strings(value)) {
            for (String scope : entry.split(" ")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        }
        return scopes;
    }

    /** A string, or a number's text (numeric subjects exist); null otherwise. */
    private static String string(Object value) {
        if (value instanceof String text) {
            return text;
        }
        return value instanceof Number number ? number.toString() : null;
    }

    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof String text) {
            result.add(text);
        } else if (value instanceof JsonArray array) {
            for (Object element : array) {
                if (element instanceof String text) {
                    result.add(text);
                }
            }
        }
        return result;
    }

    private static Instant instant(Object value) {
        if (value instanceof Number number) {
            return Instant.ofEpochSecond(number.longValue());
        }
        return null;
    }
}
