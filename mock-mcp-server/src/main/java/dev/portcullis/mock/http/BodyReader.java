package dev.portcullis.mock.http;

import dev.portcullis.mock.rpc.ErrorCodes;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body up to a limit; a larger body gets 413 and the connection closes. */
final class BodyReader {

    private BodyReader() {
    }

    static void read(HttpServerRequest request, long maxBytes, Handler<Buffer> onBody) {
        String declared = request.getHeader("Content-Length");
        if (declared != null && parseOr(declared, 0) > maxBytes) {
            tooLarge(request);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        request.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                rejected[0] = true;
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!rejected[0]) {
                onBody.handle(body);
            }
        });
        request.exceptionHandler(ignored -> request.connection().close());
    }

    private static void tooLarge(HttpServerRequest request) {
        request.response().putHeader("Connection", "close");
        HttpReplies.rpcError(request.response(), 413, null, ErrorCodes.INVALID_REQUEST, "Request body too large");
    }

    private static long parseOr(String value, long fallback) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
