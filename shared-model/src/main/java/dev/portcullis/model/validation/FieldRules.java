package dev.portcullis.model.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The field-level rules shared by every definition. Each check adds at most one error to the given collector and
 * tells whether the value passed, so callers can skip dependent checks. All patterns are compiled once here.
 */
public final class FieldRules {

    /** Ids of proxies, policies and keys: safe in URLs, file names and Redis keys. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** RFC 9110 {@code token}: what a header name may contain. */
    private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Gateway tags travel comma-separated in feed query strings, so no commas or spaces. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** RFC 6749 {@code scope-token}. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    /** What {@link #isStorableText} requires, phrased to follow a field name. */
    public static final String TEXT_RULE = "must not contain NUL characters or unpaired UTF-16 surrogates";
    /**
     * The instants a definition or request may carry: four-digit years, well inside PostgreSQL's range (4713 BC to
     * 294276 AD) and every ISO-8601 reader's.
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** What {@link #isStorableInstant} requires, phrased to follow a field name. */
    public static final String INSTANT_RULE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    private FieldRules() {
    }

    /**
     * True when the text can be stored and sent on as written: PostgreSQL refuses NUL in {@code text} and
     * {@code jsonb}, and an unpaired surrogate has no UTF-8 encoding (it would be replaced or refused on the way
     * to the database, the snapshot signature or an upstream header). Null counts as storable.
     */
    public static boolean isStorableText(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    public static boolean text(Violations at, String value) {
        if (!isStorableText(value)) {
            at.add(TEXT_RULE);
            return false;
        }
        return true;
    }

    /** True for null and for instants from {@link #EARLIEST} to {@link #LATEST}. */
    public static boolean isStorableInstant(Instant value) {
        return value == null || (!value.isBefore(EARLIEST) && !value.isAfter(LATEST));
    }

    public static boolean instant(Violations at, Instant value) {
        if (!isStorableInstant(value)) {
            at.add(INSTANT_RULE);
            return false;
        }
        return true;
    }

    /** The text with every NUL and unpaired surrogate replaced by U+FFFD, so it can be shown and written. */
    public static String printable(String value) {
        if (isStorableText(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                out.append(c).append(value.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public static boolean required(Violations at, Object value) {
        if (value == null) {
            at.add("is required");
            return false;
        }
        return true;
    }

    public static boolean notBlank(Violations at, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            at.add("must not be blank");
            return false;
        }
        if (value.length() > maxLength) {
            at.add("must be at most " + maxLength + " characters");
            return false;
        }
        return text(at, value);
    }

    public static boolean id(Violations at, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            at.add("must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
            return false;
        }
        return true;
    }

    public static void positive(Violations at, long value) {
        if (value <= 0) {
            at.add("must be greater than 0");
        }
    }

    public static void positive(Violations at, Number value) {
        if (value != null) {
            positive(at, value.longValue());
        }
    }

    public static void atLeast(Violations at, long value, long min) {
        if (value < min) {
            at.add("must be at least " + min);
        }
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host and without user info: credentials belong in
     * the authentication settings, where they are kept secret, never in a URL that gets logged.
     */
    public static boolean httpUrl(Violations at, String value) {
        if (value == null || value.isBlank()) {
            at.add("must be an absolute http(s) URL");
            return false;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            at.add("must be an absolute http(s) URL");
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            at.add("must be an absolute http(s) URL");
            return false;
        }
        if (uri.getRawUserInfo() != null) {
            at.add("must not contain credentials (use upstream.authentication)");
            return false;
        }
        if (uri.getRawFragment() != null) {
            at.add("must not contain a fragment");
            return false;
        }
        return true;
    }

    /** A browser origin: {@code scheme://host[:port]}, nothing else. */
    public static boolean origin(Violations at, String value) {
        if (!httpUrl(at, value)) {
            return false;
        }
        URI uri = URI.create(value);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null;
        if (!bare) {
            at.add("must be an origin (scheme://host[:port]) without path or query");
        }
        return bare;
    }

    public static boolean headerName(Violations at, String value) {
        if (value == null || !HTTP_TOKEN.matcher(value).matches()) {
            at.add("must be a valid HTTP header name");
            return false;
        }
        return true;
    }

    /** CR, LF or NUL in a header value would let a definition smuggle extra headers. */
    public static boolean headerValue(Violations at, String value) {
        if (value == null) {
            at.add("is required");
            return false;
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            at.add("must not contain CR, LF or NUL");
            return false;
        }
        return true;
    }

    public static void headers(Violations at, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            Violations field = at.at(name);
            if (headerName(field, name)) {
                headerValue(field, value);
            }
        });
    }

    public static void tags(Violations at, List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || !TAG.matcher(tag).matches()) {
                at.index(i).add("must match [A-Za-z0-9._:-]{1,64}");
            }
        }
    }

    public static void scopes(Violations at, List<String> scopes) {
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                at.index(i).add("must be an OAuth scope token (no spaces, quotes or backslashes)");
            }
        }
    }

    public static void nonBlankElements(Violations at, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).isBlank()) {
                at.index(i).add("must not be blank");
            }
        }
    }

    public static void httpUrls(Violations at, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            httpUrl(at.index(i), values.get(i));
        }
    }

    /** A regular expression that compiles; the error carries the compiler's short description. */
    public static boolean regex(Violations at, String value) {
        if (value == null) {
            at.add("must not be null");
            return false;
        }
        try {
            Pattern.compile(value);
            return true;
        } catch (PatternSyntaxException e) {
            at.add("invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return false;
        }
    }

    public static void regexes(Violations at, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            regex(at.index(i), values.get(i));
        }
    }
}
