package dev.portcullis.model.secret;

import dev.portcullis.model.proxy.BasicAuth;
import dev.portcullis.model.proxy.Middleware;
import dev.portcullis.model.proxy.OAuthClientCredentials;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.UpstreamAuthentication;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${secret:name}} references: where they may appear in a proxy definition, which names they use, and their
 * substitution. A reference is a whole value or part of one ({@code Bearer ${secret:github-pat}}). Fields that may
 * carry references: {@code upstream.authentication.headers.*}, {@code upstream.authentication.basicAuth.password},
 * {@code upstream.authentication.oauthClientCredentials.clientSecret},
 * {@code authentication.introspection.clientSecret} and the {@code transformRequestHeaders.add.*} of {@code global}
 * and of every operation, tool, resource and prompt entry.
 */
public final class SecretReferences {

    /** Secret names: {@code [A-Za-z0-9._-]{1,64}}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");
    /**
     * A reference in a header-transform template, where {@code $${} is the escape of a literal {@code ${}: a
     * {@code ${} right after a {@code $} is that escape, never a reference (the template reads left to right).
     */
    private static final Pattern TEMPLATE_REFERENCE = Pattern.compile("(?<!\\$)\\$\\{secret:([^}]*)}");

    private SecretReferences() {
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The names referenced in one value, in order of appearance (invalid names included, for error messages). */
    public static Set<String> names(String value) {
        return names(value, REFERENCE);
    }

    /** {@link #names(String)} of a header-transform template, where {@code $${secret:x}} is literal text. */
    public static Set<String> templateNames(String value) {
        return names(value, TEMPLATE_REFERENCE);
    }

    private static Set<String> names(String value, Pattern reference) {
        Set<String> names = new LinkedHashSet<>();
        if (value != null && value.contains("${secret:")) {
            Matcher matcher = reference.matcher(value);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * Replaces every reference in {@code value} by {@code lookup.apply(name)}; the lookup throws when it cannot
     * resolve a name. Values without a reference are returned as they are.
     */
    public static String substitute(String value, UnaryOperator<String> lookup) {
        if (value == null || !value.contains("${secret:")) {
            return value;
        }
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder(value.length() + 32);
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(lookup.apply(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Every field of {@code definition} that holds a reference, with the names it references. */
    public static Map<String, Set<String>> of(ProxyDefinition definition) {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        UpstreamAuthentication upstream = definition.upstream() == null ? null
                : definition.upstream().authentication();
        if (upstream != null) {
            upstream.headers().forEach((header, value) ->
                    add(fields, "upstream.authentication.headers." + header, value));
            BasicAuth basic = upstream.basicAuth();
            if (basic != null) {
                add(fields, "upstream.authentication.basicAuth.password", basic.password());
            }
            OAuthClientCredentials oauth = upstream.oauthClientCredentials();
            if (oauth != null) {
                add(fields, "upstream.authentication.oauthClientCredentials.clientSecret", oauth.clientSecret());
            }
        }
        if (definition.authentication() != null && definition.authentication().introspection() != null) {
            add(fields, "authentication.introspection.clientSecret",
                    definition.authentication().introspection().clientSecret());
        }
        if (definition.global() != null && definition.global().transformRequestHeaders() != null) {
            definition.global().transformRequestHeaders().add().forEach((header, value) ->
                    addTemplate(fields, "global.transformRequestHeaders.add." + header, value));
        }
        entries(fields, "operations", definition.operations());
        entries(fields, "tools", definition.tools());
        entries(fields, "resources", definition.resources());
        entries(fields, "prompts", definition.prompts());
        return fields;
    }

    /** The distinct names {@code definition} references. */
    public static Set<String> namesIn(ProxyDefinition definition) {
        Set<String> names = new LinkedHashSet<>();
        of(definition).values().forEach(names::addAll);
        return names;
    }

    private static void entries(Map<String, Set<String>> fields, String category, Map<String, Middleware> entries) {
        if (entries == null) {
            return;
        }
        entries.forEach((key, middleware) -> {
            if (middleware != null && middleware.transformRequestHeaders() != null) {
                middleware.transformRequestHeaders().add().forEach((header, value) ->
                        addTemplate(fields, category + "." + key + ".transformRequestHeaders.add." + header, value));
            }
        });
    }

    private static void add(Map<String, Set<String>> fields, String field, String value) {
        put(fields, field, names(value));
    }

    private static void addTemplate(Map<String, Set<String>> fields, String field, String value) {
        put(fields, field, templateNames(value));
    }

    private static void put(Map<String, Set<String>> fields, String field, Set<String> names) {
        if (!names.isEmpty()) {
            fields.put(field, names);
        }
    }
}
