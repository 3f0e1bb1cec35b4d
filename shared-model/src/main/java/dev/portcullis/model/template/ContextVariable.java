package dev.portcullis.model.template;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One request-time value a template may name in {@code ${...}}: who called ({@code consumer.*}, {@code jwt.*}), what
 * was called ({@code mcp.*}), through which proxy ({@code proxy.*}), and the agent's request ({@code request.*}).
 * Names are fixed here, so an unknown one is a validation error when a definition is saved, never a literal at
 * run time.
 *
 * @param source   which value
 * @param argument the claim name ({@link Source#JWT_CLAIM}) or header name ({@link Source#REQUEST_HEADER});
 *                 null for the others. Header names are lowercased (headers are case-insensitive).
 */
public record ContextVariable(Source source, String argument) {

    /** Longest claim or header name a variable may carry. */
    public static final int MAX_ARGUMENT = 128;

    /**
     * Headers a template may never copy: the agent's credential must not reach the upstream (the gateway strips it
     * on purpose), whatever the authentication method. The proxy's own key header is refused too (by the proxy's
     * validation, which knows it).
     */
    public static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    /** The values, with the name a template uses (a trailing dot: the name continues with an argument). */
    public enum Source {
        CONSUMER_ID("consumer.id"),
        CONSUMER_ALIAS("consumer.alias"),
        CONSUMER_KIND("consumer.kind"),
        JWT_SUBJECT("jwt.sub"),
        JWT_CLAIM("jwt.claims."),
        MCP_METHOD("mcp.method"),
        MCP_PRIMITIVE("mcp.primitive"),
        MCP_PRIMITIVE_TYPE("mcp.primitiveType"),
        MCP_PROTOCOL_VERSION("mcp.protocolVersion"),
        PROXY_ID("proxy.id"),
        PROXY_LISTEN_PATH("proxy.listenPath"),
        REQUEST_CLIENT_IP("request.clientIp"),
        REQUEST_HEADER("request.header.");

        private final String name;

        Source(String name) {
            this.name = name;
        }

        public String templateName() {
            return name;
        }

        boolean takesArgument() {
            return name.endsWith(".");
        }
    }

    /** Every name a template may use, for error messages and help texts. */
    public static final String KNOWN = Arrays.stream(Source.values())
            .map(source -> source.takesArgument() ? source.name + "<name>" : source.name)
            .collect(Collectors.joining(", "));

    /**
     * The variable an expression names, e.g. {@code consumer.alias} or {@code request.header.X-Team}.
     *
     * @throws TemplateException naming the problem when it names none
     */
    public static ContextVariable parse(String expression) {
        for (Source source : Source.values()) {
            if (!source.takesArgument()) {
                if (source.name.equals(expression)) {
                    return new ContextVariable(source, null);
                }
            } else if (expression.startsWith(source.name)) {
                String argument = expression.substring(source.name.length());
                return source == Source.JWT_CLAIM ? claim(argument) : header(argument);
            }
        }
        throw new TemplateException("unknown variable '${" + expression + "}' (known: " + KNOWN + ")");
    }

    /** How the variable is written in a template, e.g. {@code ${jwt.claims.team}}. */
    public String expression() {
        return "${" + source.name + (argument == null ? "" : argument) + "}";
    }

    private static ContextVariable claim(String name) {
        if (name.isEmpty() || name.length() > MAX_ARGUMENT || !name.chars().allMatch(ContextVariable::isClaimChar)) {
            throw new TemplateException("'${jwt.claims." + name + "}' must name a claim of 1-" + MAX_ARGUMENT
                    + " characters A-Z a-z 0-9 . _ : / ~ + -");
        }
        return new ContextVariable(Source.JWT_CLAIM, name);
    }

    private static ContextVariable header(String name) {
        if (name.isEmpty() || name.length() > MAX_ARGUMENT || !name.chars().allMatch(ContextVariable::isTokenChar)) {
            throw new TemplateException("'${request.header." + name + "}' must name an HTTP header of 1-"
                    + MAX_ARGUMENT + " characters");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (CREDENTIAL_HEADERS.contains(lower)) {
            throw new TemplateException("'${request.header." + name + "}' would copy the agent's credential");
        }
        return new ContextVariable(Source.REQUEST_HEADER, lower);
    }

    private static boolean isClaimChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "._:/~+-".indexOf(c) >= 0;
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
    }
}
