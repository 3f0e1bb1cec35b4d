package dev.portcullis.mock.tools;

import dev.portcullis.mock.rpc.CallContext;
import io.vertx.core.Future;

/** Runs a tool. Called on the event loop: must not block (use timers for delays). */
@FunctionalInterface
public interface ToolHandler {

    Future<ToolResult> call(ToolArgs args, CallContext context);

    /** A handler that computes its result synchronously (and cheaply). */
    @FunctionalInterface
    interface Immediate {
        ToolResult call(ToolArgs args, CallContext context);

        default ToolHandler async() {
            return (args, context) -> Future.succeededFuture(call(args, context));
        }
    }
}
