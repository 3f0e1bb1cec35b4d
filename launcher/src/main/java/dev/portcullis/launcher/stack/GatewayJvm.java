package dev.portcullis.launcher.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's default JVM options (docs/performance.md, "Gateway memory"): a heap sized for what a gateway keeps
 * (snapshots, sessions, caches: under 20 MB live under load) instead of a quarter of the machine's memory, a young
 * generation large enough that a collection comes about once a second at thousands of requests/s (a young
 * collection takes about as long whatever the young generation's size, since almost nothing in it survives: fewer
 * of them is less pause time; docs/performance.md, "Latency at one connection"), a metaspace threshold above what
 * the gateway's classes take (otherwise the first requests' class loading triggers full collections of 200 ms and
 * more), and the serial collector, which keeps no per-region bookkeeping beside the heap (G1's was 47 MB of a 256 MB
 * heap).
 * {@code bench/lib/stack.sh} starts its gateway with the same options.
 */
public final class GatewayJvm {

    /** Before the stack's own options, which therefore win (the JVM takes the last of a repeated option). */
    public static final List<String> DEFAULTS = List.of("-Xms128m", "-Xmx192m", "-Xmn96m", "-XX:MetaspaceSize=64m",
            "-XX:+UseSerialGC");

    private GatewayJvm() {
    }

    /**
     * {@link #DEFAULTS}, then {@code options}. When {@code options} set the maximum heap, the default initial heap
     * is left out: the JVM refuses to start with an initial heap above the maximum, and a stack that sizes the heap
     * itself should get a gateway, not that error.
     */
    public static List<String> withDefaults(List<String> options) {
        boolean ownMaximum = options.stream()
                .anyMatch(option -> option.startsWith("-Xmx") || option.startsWith("-XX:MaxHeapSize="));
        List<String> all = new ArrayList<>();
        for (String option : DEFAULTS) {
            if (!(ownMaximum && option.startsWith("-Xms"))) {
                all.add(option);
            }
        }
        all.addAll(options);
        return List.copyOf(all);
    }
}
