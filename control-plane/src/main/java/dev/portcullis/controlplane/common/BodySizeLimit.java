package dev.portcullis.controlplane.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a body over {@code quarkus.http.limits.max-body-size} with a problem+json 413. Quarkus enforces the limit
 * itself (route order -2) with an empty body; this route runs just before it for bodies with a Content-Length, and
 * its failure handler covers chunked bodies that cross the limit while being read. The connection is closed, so
 * the rest of the body is not read.
 */
@ApplicationScoped
public class BodySizeLimit {

    private static final int BEFORE_QUARKUS_UPLOAD_LIMIT = -3;

    private final long maxBytes;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(BEFORE_QUARKUS_UPLOAD_LIMIT).handler(this::check).failureHandler(rc -> {
            if (rc.statusCode() == 413) {
                tooLarge(rc);
            } else {
                rc.next();
            }
        });
    }

    private void check(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        if (length != null && isOver(length)) {
            tooLarge(rc);
        } else {
            rc.next();
        }
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void tooLarge(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.response().close();
            return;
        }
        rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                .end(Buffer.buffer(Problem.of(413, "payload-too-large", "Content Too Large",
                        "the request body is larger than " + maxBytes + " bytes").body()));
    }
}
