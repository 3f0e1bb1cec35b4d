package dev.portcullis.mock.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets work in progress (a slow tool's timers) stop when its request is cancelled: by
 * {@code notifications/cancelled}, by the client dropping the connection, by session delete or by server stop.
 * Used on the server's event loop only.
 */
public final class Cancellation {

    private final List<Runnable> hooks = new ArrayList<>();
    private boolean cancelled;

    /** Runs {@code hook} on cancellation (at once if already cancelled). */
    public void onCancel(Runnable hook) {
        if (cancelled) {
            hook.run();
        } else {
            hooks.add(hook);
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        List<Runnable> toRun = List.copyOf(hooks);
        hooks.clear();
        toRun.forEach(Runnable::run);
    }
}
