package dev.portcullis.gateway.request;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shape a JSON-RPC method must have to be routed and authorised. Rules name methods exactly, so a method that
 * another reader could take for a different one is refused instead of forwarded unrouted: one with a character
 * outside visible ASCII (spaces, control characters, {@code U+0085} or {@code U+2028} line breaks, look-alikes,
 * all of which a lenient server may strip or fold), and a spec method written in another case
 * ({@code Tools/Call}, which a case-folding server would run as {@code tools/call} without the tool rules).
 * Found by the fuzz campaign ({@code JsonRpcFuzzIT}).
 */
final class MethodNames {

    private static final Set<String> NOTIFICATIONS = Set.of(
            "notifications/initialized", "notifications/cancelled", "notifications/progress",
            "notifications/message", "notifications/resources/updated", "notifications/resources/list_changed",
            "notifications/tools/list_changed", "notifications/prompts/list_changed",
            "notifications/roots/list_changed", "notifications/tasks/status", "notifications/elicitation/complete");
    private static final Set<String> SPEC_METHODS = Stream.concat(RequestOnlyMethods.all().stream(),
            NOTIFICATIONS.stream()).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> SPEC_METHODS_FOLDED = folded();

    private MethodNames() {
    }

    /** True when {@code method} is visible ASCII and, if it names a spec method in any case, in the spec's case. */
    static boolean isAcceptable(String method) {
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return SPEC_METHODS.contains(method) || !SPEC_METHODS_FOLDED.contains(method.toLowerCase(Locale.ROOT));
    }

    private static Set<String> folded() {
        return Set.copyOf(SPEC_METHODS.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList());
    }
}
