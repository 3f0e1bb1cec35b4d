package dev.portcullis.gateway.request;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;

/**
 * A one-shot timeout of one request, scheduled on the request's event loop directly: what {@link Vertx#setTimer}
 * does for it without the bookkeeping a timer that may outlive its verticle needs (a timer id in a concurrent map, a
 * close hook), which cost as much as the scheduling. Almost every such timer is cancelled within milliseconds (the
 * body arrived, the upstream answered). The action runs on the request's context, as a Vert.x timer's would.
 * Start and cancel on that event loop.
 */
public final class LoopTimer {

    private final ScheduledFuture<?> scheduled;

    private LoopTimer(ScheduledFuture<?> scheduled) {
        this.scheduled = scheduled;
    }

    /** Runs {@code action} on the calling context after {@code delayMs} (at least 1) unless cancelled first. */
    public static LoopTimer start(Vertx vertx, long delayMs, Runnable action) {
        if (delayMs < 1) {
            throw new IllegalArgumentException("Cannot schedule a timer with delay < 1 ms");
        }
        ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
        return new LoopTimer(context.nettyEventLoop().schedule(() -> context.emit(null, ignored -> action.run()),
                delayMs, TimeUnit.MILLISECONDS));
    }

    /** Cancels the timer; no-op once it ran or was cancelled. */
    public void cancel() {
        scheduled.cancel(false);
    }
}
