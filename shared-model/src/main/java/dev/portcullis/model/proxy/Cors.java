package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.List;
import java.util.regex.Pattern;

/**
 * CORS answers for browser-based agents. Origins are exact ({@code scheme://host[:port]}); {@code "*"} is
 * accepted only without {@code allowCredentials}, as browsers require.
 *
 * @param maxAgeSeconds preflight cache lifetime; null = header not sent
 */
public record Cors(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                   List<String> exposedHeaders, boolean allowCredentials, Integer maxAgeSeconds) {

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    public Cors {
        allowedOrigins = Immutable.list(allowedOrigins);
        allowedMethods = Immutable.list(allowedMethods);
        allowedHeaders = Immutable.list(allowedHeaders);
        exposedHeaders = Immutable.list(exposedHeaders);
    }

    public void validate(Violations at) {
        Violations origins = at.at("allowedOrigins");
        for (int i = 0; i < allowedOrigins.size(); i++) {
            String origin = allowedOrigins.get(i);
            if ("*".equals(origin)) {
                if (allowCredentials) {
                    origins.index(i).add("'*' cannot be combined with allowCredentials");
                }
            } else {
                FieldRules.origin(origins.index(i), origin);
            }
        }
        Violations methods = at.at("allowedMethods");
        for (int i = 0; i < allowedMethods.size(); i++) {
            String method = allowedMethods.get(i);
            if (method == null || !METHOD.matcher(method).matches()) {
                methods.index(i).add("must be an upper-case HTTP method");
            }
        }
        headerNames(at.at("allowedHeaders"), allowedHeaders);
        headerNames(at.at("exposedHeaders"), exposedHeaders);
        if (maxAgeSeconds != null) {
            FieldRules.atLeast(at.at("maxAgeSeconds"), maxAgeSeconds, 0);
        }
    }

    private static void headerNames(Violations at, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            FieldRules.headerName(at.index(i), names.get(i));
        }
    }
}
