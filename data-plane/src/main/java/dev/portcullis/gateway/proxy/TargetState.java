package dev.portcullis.gateway.proxy;

/**
 * What one event loop knows about one upstream target: requests in flight to it and its passive health. A target
 * that failed {@code failures} times in a row is out until its cool-down passes; the next request is then a trial:
 * a success brings it back, a failure takes it out for another cool-down. Event-loop confined.
 */
final class TargetState {

    private int outstanding;
    private int failuresInARow;
    private long outUntilNanos;
    private boolean out;

    int outstanding() {
        return outstanding;
    }

    /** True while the target is out (failed too often, cool-down not over). */
    boolean out(long nowNanos) {
        return out && nowNanos - outUntilNanos < 0;
    }

    void started() {
        outstanding++;
    }

    void ended() {
        if (outstanding > 0) {
            outstanding--;
        }
    }

    void succeeded() {
        failuresInARow = 0;
        out = false;
    }

    /** Counts a failure; at {@code failures} in a row the target goes out for {@code coolDownNanos}. */
    void failed(long nowNanos, int failures, long coolDownNanos) {
        failuresInARow++;
        if (failuresInARow >= failures) {
            out = true;
            outUntilNanos = nowNanos + coolDownNanos;
        }
    }
}
