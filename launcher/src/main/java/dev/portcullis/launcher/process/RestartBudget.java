package dev.portcullis.launcher.process;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How often a child may die before the supervisor gives up: {@link #MAX_DEATHS} deaths within {@link #WINDOW} end
 * the stack. Not thread-safe: the supervisor's thread alone uses it.
 */
final class RestartBudget {

    static final int MAX_DEATHS = 3;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Deque<Instant>> deaths = new HashMap<>();

    RestartBudget(Clock clock) {
        this.clock = clock;
    }

    /** Records a death of {@code child}; returns how many it had within the window, this one included. */
    int recordDeath(String child) {
        Instant now = clock.instant();
        Deque<Instant> recent = deaths.computeIfAbsent(child, ignored -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        recent.addLast(now);
        return recent.size();
    }
}
