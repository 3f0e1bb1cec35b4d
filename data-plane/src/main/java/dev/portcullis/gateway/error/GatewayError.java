package dev.portcullis.gateway.error;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * An error the gateway itself answers with: HTTP status, JSON-RPC code, a message safe to
 * show (never a key, a stack trace or a class name), a stable machine-readable reason, and extra response headers
 * such as {@code WWW-Authenticate} or {@code Retry-After}. {@code data}, when not null, holds fields added to the
 * error's {@code data} next to {@code reason} and {@code httpStatus} (such as {@code supported}); it is never
 * modified.
 */
public record GatewayError(int httpStatus, int code, String message, String reason, Map<String, String> headers,
                           ObjectNode data) {

    public GatewayError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(reason, "reason");
        headers = Map.copyOf(headers);
    }

    public GatewayError(int httpStatus, int code, String message, String reason, Map<String, String> headers) {
        this(httpStatus, code, message, reason, headers, null);
    }

    public GatewayError(int httpStatus, int code, String message, String reason) {
        this(httpStatus, code, message, reason, Map.of());
    }
}
