package dev.portcullis.gateway.filter.circuit;

import dev.portcullis.gateway.request.BreakerSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuit breakers of one gateway, shared by all its event loops and kept across snapshots: a breaker is found
 * by its {@link BreakerSlot} (proxy, entry, settings), so applying a snapshot that leaves an entry's breaker
 * settings unchanged keeps its state, while changed settings get a fresh breaker. Breakers are created on first
 * use; creating one drops the breaker of the same proxy and entry with other (former) settings, so changing
 * settings does not pile up breakers. (A request still served by the previous snapshot during the swap may
 * recreate the former one, resetting the new one: harmless, and only for requests that straddle the swap.)
 */
public final class CircuitBreakers {

    private final Map<BreakerSlot, Breaker> breakers = new ConcurrentHashMap<>();

    Breaker breaker(BreakerSlot slot) {
        Breaker breaker = breakers.get(slot);
        if (breaker != null) {
            return breaker;
        }
        breakers.keySet().removeIf(other -> other.proxyId().equals(slot.proxyId())
                && other.scope().equals(slot.scope()) && !other.equals(slot));
        return breakers.computeIfAbsent(slot, Breaker::new);
    }

    /** One breaker's state for metrics: {@code state} is 0 closed, 1 half-open, 2 open. */
    public record BreakerState(String proxyId, String scope, int state) {
    }

    /** The state of every breaker that exists now (created by a first call). Safe from any thread. */
    public List<BreakerState> states() {
        List<BreakerState> states = new ArrayList<>(breakers.size());
        for (Breaker breaker : breakers.values()) {
            states.add(new BreakerState(breaker.slot().proxyId(), breaker.slot().scope(), breaker.stateValue()));
        }
        return states;
    }

    /** How many breakers exist (for tests and metrics). */
    public int size() {
        return breakers.size();
    }
}
