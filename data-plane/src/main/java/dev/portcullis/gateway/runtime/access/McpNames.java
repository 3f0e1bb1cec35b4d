package dev.portcullis.gateway.runtime.access;

/**
 * The MCP 2025-11-25 name rule for tools (applied to prompts too): 1 to 128 characters of
 * {@code [A-Za-z0-9_.-]}, case-sensitive. Refusing anything else up front stops names that differ from a rule's
 * only by a trailing space, a control character or a Unicode look-alike. A hand-written loop, no regex.
 */
public final class McpNames {

    public static final int MAX_LENGTH = 128;

    private McpNames() {
    }

    public static boolean isValid(String name) {
        int length = name.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
