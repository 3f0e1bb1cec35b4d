package dev.portcullis.launcher.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's default JVM options (docs/performance.md, "Gateway memory"): a heap sized for what a gateway keeps
 * (snapshots, sessions, caches: under 20 MB live under load) instead of a quarter of the machine's memory, a young
 * generation large enough that a collection comes every few hundred milliseconds at thousands of requests/s, and the
 * serial collector, which keeps no per-region bookkeeping beside the heap (G1's was 47 MB of a 256 MB heap).
 * {@code bench/lib/stack.sh} starts its gateway with the same options.
 */
public final class GatewayJvm {

    /** Before the stack's own options, which therefore win (the JVM takes the last of a repeated option). */
    public static final List<String> DEFAULTS = List.of("-Xms64m", "-Xmx192m", "-Xmn48m", "-XX:+UseSerialGC");

    private GatewayJvm() {
    }

    /** {@link #DEFAULTS}, then {@code options}. */
    public static List<String> withDefaults(List<String> options) {
        List<String> all = new ArrayList<>(DEFAULTS);
        all.addAll(options);
        return List.copyOf(all);
    }
}
