package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.runtime.UpstreamPool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the target of a new session or a sessionless request among a proxy's upstream instances, and keeps what
 * that takes: requests in flight and passive health per target, a round-robin cursor per proxy. One per event loop
 * (like the load balancers of Envoy's workers): no locks, and each event loop learns a target's failures itself.
 * State is keyed by proxy and target id, so it survives snapshots that keep the target. Event-loop confined.
 *
 * <p>Targets that are out (passive health) are skipped; when every candidate is out, all of them are candidates
 * again, so a recovered upstream is found without waiting for a cool-down to pass everywhere.
 */
public final class TargetBalancer {

    /** Forgetting everything past this many entries keeps removed proxies from piling up. */
    private static final int MAX_ENTRIES = 10_000;

    /** By proxy id, then target id (the strings the snapshot holds: no key is built per request). */
    private final Map<String, Map<String, TargetState>> states = new HashMap<>();
    private int stateCount;
    private final Map<String, long[]> cursors = new HashMap<>();

    /** The state of {@code target} of {@code proxyId}, created on first use. */
    TargetState state(String proxyId, UpstreamPool.Member target) {
        Map<String, TargetState> ofProxy = states.get(proxyId);
        TargetState state = ofProxy == null ? null : ofProxy.get(target.id());
        if (state != null) {
            return state;
        }
        if (stateCount >= MAX_ENTRIES) {
            states.clear();
            stateCount = 0;
            ofProxy = null;
        }
        if (ofProxy == null) {
            ofProxy = new HashMap<>(4);
            states.put(proxyId, ofProxy);
        }
        state = new TargetState();
        ofProxy.put(target.id(), state);
        stateCount++;
        return state;
    }

    /** True while {@code target} is out. */
    boolean out(String proxyId, UpstreamPool.Member target, long nowNanos) {
        return state(proxyId, target).out(nowNanos);
    }

    /**
     * The target for the next request, never one of {@code tried}; null when every target was tried.
     */
    public UpstreamPool.Member pick(String proxyId, UpstreamPool pool, Set<String> tried, long nowNanos) {
        List<UpstreamPool.Member> targets = pool.targets();
        int n = targets.size();
        boolean[] candidate = new boolean[n];
        int healthy = 0;
        int untried = 0;
        for (int i = 0; i < n; i++) {
            UpstreamPool.Member target = targets.get(i);
            if (!tried.contains(target.id())) {
                untried++;
                if (!state(proxyId, target).out(nowNanos)) {
                    candidate[i] = true;
                    healthy++;
                }
            }
        }
        if (untried == 0) {
            return null;
        }
        if (healthy == 0) {
            for (int i = 0; i < n; i++) {
                candidate[i] = !tried.contains(targets.get(i).id());
            }
        }
        long turn = cursor(proxyId);
        return pool.leastRequests() ? leastRequests(proxyId, targets, candidate, turn)
                : roundRobin(targets, candidate, turn);
    }

    private long cursor(String proxyId) {
        if (cursors.size() >= MAX_ENTRIES) {
            cursors.clear();
        }
        return cursors.computeIfAbsent(proxyId, key -> new long[1])[0]++;
    }

    /** Weighted round robin: turn {@code turn} of a cycle as long as the candidates' weights add up to. */
    private static UpstreamPool.Member roundRobin(List<UpstreamPool.Member> targets, boolean[] candidate, long turn) {
        long total = 0;
        for (int i = 0; i < targets.size(); i++) {
            if (candidate[i]) {
                total += targets.get(i).weight();
            }
        }
        long position = Math.floorMod(turn, total);
        for (int i = 0; i < targets.size(); i++) {
            if (candidate[i]) {
                position -= targets.get(i).weight();
                if (position < 0) {
                    return targets.get(i);
                }
            }
        }
        throw new IllegalStateException("no candidate");
    }

    /**
     * Fewest requests in flight relative to weight ({@code (outstanding + 1) / weight}); ties go round robin from
     * {@code turn}, so an idle pool still spreads.
     */
    private UpstreamPool.Member leastRequests(String proxyId, List<UpstreamPool.Member> targets,
                                              boolean[] candidate, long turn) {
        int n = targets.size();
        UpstreamPool.Member best = null;
        long bestLoad = 0;
        int bestWeight = 1;
        for (int k = 0; k < n; k++) {
            int i = (int) Math.floorMod(turn + k, (long) n);
            if (!candidate[i]) {
                continue;
            }
            UpstreamPool.Member target = targets.get(i);
            long load = state(proxyId, target).outstanding() + 1L;
            if (best == null || load * bestWeight < bestLoad * target.weight()) {
                best = target;
                bestLoad = load;
                bestWeight = target.weight();
            }
        }
        return best;
    }

    /** A request to {@code target} starts; {@link #ended} must follow once. */
    public void started(String proxyId, UpstreamPool.Member target) {
        state(proxyId, target).started();
    }

    public void ended(String proxyId, UpstreamPool.Member target) {
        state(proxyId, target).ended();
    }

    /** The target answered (a status below 500). */
    public void succeeded(String proxyId, UpstreamPool.Member target) {
        state(proxyId, target).succeeded();
    }

    /** The target could not be reached, timed out, or answered 5xx. */
    public void failed(String proxyId, UpstreamPool pool, UpstreamPool.Member target, long nowNanos) {
        state(proxyId, target).failed(nowNanos, pool.failures(), pool.coolDownNanos());
    }
}
