package dev.portcullis.gateway.request;

/**
 * Refuses request paths with {@code .} or {@code ..} segments, literal or percent-encoded ({@code %2e}, and
 * {@code %2f} / backslash used as separators), before listen-path matching: an upstream that normalises the path
 * must never be steered outside the listen path. A {@code ;} ends the segment's name (servlet containers strip
 * path parameters, so {@code ..;} is {@code ..} to them), and empty segments ({@code //}) are refused too, since
 * upstreams disagree on collapsing them. Allocation-free, no regex.
 */
public final class PathGuard {

    private PathGuard() {
    }

    /** True when {@code rawPath} (as received, not decoded) has no dot or empty segment in any spelling. */
    public static boolean isSafe(String rawPath) {
        int dots = 0;
        boolean onlyDots = true;
        boolean inParameters = false;
        int segmentLength = 0;
        int i = 0;
        int length = rawPath.length();
        while (i <= length) {
            char c;
            int width = 1;
            if (i == length) {
                c = '/';
            } else {
                c = rawPath.charAt(i);
                if (c == '%' && i + 2 < length) {
                    char decoded = decode(rawPath.charAt(i + 1), rawPath.charAt(i + 2));
                    if (decoded != 0) {
                        c = decoded;
                        width = 3;
                    }
                }
            }
            if (c == '/' || c == '\\') {
                if (onlyDots && (dots == 1 || dots == 2)) {
                    return false;
                }
                if (segmentLength == 0 && i > 0 && i < length) {
                    return false;
                }
                dots = 0;
                onlyDots = true;
                inParameters = false;
                segmentLength = 0;
            } else {
                segmentLength++;
                if (inParameters) {
                    // path parameters do not name the segment
                } else if (c == ';') {
                    inParameters = true;
                } else if (c == '.') {
                    dots++;
                } else {
                    onlyDots = false;
                }
            }
            i += width;
        }
        return true;
    }

    /** The separator or dot a {@code %XY} escape stands for, or 0 when it is any other byte. */
    private static char decode(char high, char low) {
        if (high == '2' && (low == 'e' || low == 'E')) {
            return '.';
        }
        if (high == '2' && (low == 'f' || low == 'F')) {
            return '/';
        }
        if (high == '5' && (low == 'c' || low == 'C')) {
            return '\\';
        }
        return 0;
    }
}
