package dev.portcullis.mock.tools;

import static dev.portcullis.mock.tools.Schemas.hints;
import static dev.portcullis.mock.tools.Schemas.number;
import static dev.portcullis.mock.tools.Schemas.required;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tools for testing what sits between an agent and this server: get_anything shows the HTTP headers that
 * arrived, slow_response holds a request open while streaming progress.
 */
final class DiagnosticTools {

    static final long PROGRESS_INTERVAL_MS = 500;
    static final double DEFAULT_DELAY_SECONDS = 2;
    static final double MAX_DELAY_SECONDS = 60;

    List<Tool> tools() {
        ObjectNode anythingInput = Json.object().put("type", "object")
                .put("description", "Any arguments; they are echoed back")
                .put("additionalProperties", true);
        anythingInput.putObject("properties");
        ObjectNode anythingOutput = Json.object().put("type", "object");
        ObjectNode props = anythingOutput.putObject("properties");
        props.putObject("headers").put("type", "object")
                .put("description", "Request headers as received, names lowercased")
                .putObject("additionalProperties").put("type", "string");
        props.putObject("arguments").put("type", "object");
        anythingOutput.putArray("required").add("headers").add("arguments");

        ObjectNode slowInput = Schemas.object(required(),
                "delay_seconds", number("Seconds to wait before answering (default 2)", 0, MAX_DELAY_SECONDS)
                        .put("default", DEFAULT_DELAY_SECONDS));
        return List.of(
                new Tool("get_anything", "Get anything",
                        "Echo the HTTP request headers this server received (names lowercased) and the arguments.",
                        anythingInput, anythingOutput, hints(true, false, true), Set.of(), false,
                        ((ToolHandler.Immediate) DiagnosticTools::getAnything).async()),
                new Tool("slow_response", "Slow response",
                        "Wait delay_seconds before answering, sending progress notifications about every 0.5 s.",
                        slowInput, null, hints(true, false, true), Set.of(), true,
                        DiagnosticTools::slowResponse));
    }

    private static ToolResult getAnything(ToolArgs args, CallContext context) {
        ObjectNode result = Json.object();
        ObjectNode headers = result.putObject("headers");
        new TreeMap<>(context.headers()).forEach(headers::put);
        result.set("arguments", args.raw());
        return ToolResult.structured(result);
    }

    private static Future<ToolResult> slowResponse(ToolArgs args, CallContext context) {
        double delaySeconds = args.optionalNumber("delay_seconds", 0, MAX_DELAY_SECONDS).orElse(DEFAULT_DELAY_SECONDS);
        long delayMs = Math.round(delaySeconds * 1000);
        long steps = Math.max(1, (long) Math.ceil((double) delayMs / PROGRESS_INTERVAL_MS));
        Promise<ToolResult> promise = Promise.promise();
        long[] sent = {0};
        context.progress(0, steps, "started");
        long ticker = delayMs > PROGRESS_INTERVAL_MS
                ? context.vertx().setPeriodic(PROGRESS_INTERVAL_MS, id -> {
                    if (sent[0] < steps - 1) {
                        sent[0]++;
                        context.progress(sent[0], steps, "waited " + sent[0] * PROGRESS_INTERVAL_MS + " ms");
                    }
                })
                : -1;
        long timer = context.vertx().setTimer(Math.max(1, delayMs), id -> {
            context.vertx().cancelTimer(ticker);
            context.progress(steps, steps, "done");
            promise.tryComplete(ToolResult.json(Json.object().put("delayedSeconds", delaySeconds)
                    .put("progressNotifications", context.progressToken() != null)
                    .put("message", "Responded after " + delaySeconds + " s")));
        });
        context.cancellation().onCancel(() -> {
            context.vertx().cancelTimer(ticker);
            context.vertx().cancelTimer(timer);
            promise.tryFail(new CancelledException());
        });
        return promise.future();
    }

    /** The call was cancelled: no response is sent (MCP cancellation semantics). */
    public static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("request cancelled", null, false, false);
        }
    }
}
