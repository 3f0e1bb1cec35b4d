package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.Violations;

import java.util.regex.Pattern;

/**
 * Listen path rules. A listen path starts and ends with {@code /} and has at least one segment; segments use
 * only {@code [A-Za-z0-9._~-]} and are never empty, {@code .} or {@code ..}. The first segment may not be
 * {@code .well-known}: the gateway serves OAuth metadata there. At most 200 characters.
 */
public final class ListenPaths {

    public static final int MAX_LENGTH = 200;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

    private ListenPaths() {
    }

    /** True when one path is a prefix of the other: a request path could match both. Both must be valid. */
    public static boolean overlap(String a, String b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    public static boolean isValid(String path) {
        Violations probe = Violations.root();
        validate(probe, path);
        return probe.isEmpty();
    }

    public static void validate(Violations at, String path) {
        if (path == null || path.length() < 2 || !path.startsWith("/") || !path.endsWith("/")) {
            at.add(path != null && path.equals("/")
                    ? "must contain at least one segment" : "must start and end with '/'");
            return;
        }
        if (path.length() > MAX_LENGTH) {
            at.add("must be at most " + MAX_LENGTH + " characters");
            return;
        }
        String[] segments = path.substring(1, path.length() - 1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                at.add("must not contain empty, '.' or '..' segments");
                return;
            }
            if (!SEGMENT.matcher(segment).matches()) {
                at.add("segments may only contain A-Z a-z 0-9 . _ ~ -");
                return;
            }
        }
        if (segments[0].equals(".well-known")) {
            at.add("must not start with /.well-known/ (reserved for OAuth metadata)");
        }
    }
}
