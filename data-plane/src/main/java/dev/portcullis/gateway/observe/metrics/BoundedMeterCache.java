package dev.portcullis.gateway.observe.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters by label tuple, so a request finds its counter or timer with one map lookup instead of building tags.
 * Bounded: past {@code capacity} tuples new ones are not cached (the registry still finds them, only slower), so
 * a label guard that let too much through costs speed, never memory. Thread-safe.
 */
final class BoundedMeterCache<K, M> {

    private final Map<K, M> meters = new ConcurrentHashMap<>();
    private final int capacity;
    private final Function<K, M> register;

    /** @param register finds or registers the meter of a tuple (idempotent, as Micrometer's builders are) */
    BoundedMeterCache(int capacity, Function<K, M> register) {
        this.capacity = capacity;
        this.register = register;
    }

    M get(K labels) {
        M meter = meters.get(labels);
        if (meter != null) {
            return meter;
        }
        meter = register.apply(labels);
        if (meters.size() < capacity) {
            meters.putIfAbsent(labels, meter);
        }
        return meter;
    }

    int size() {
        return meters.size();
    }
}
