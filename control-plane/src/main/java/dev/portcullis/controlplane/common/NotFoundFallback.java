package dev.portcullis.controlplane.common;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The last route: any path no resource, health or OpenAPI route matched gets a problem+json 404 instead of the
 * HTTP server's plain default.
 */
@ApplicationScoped
public class NotFoundFallback {

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(rc -> rc.response().setStatusCode(404)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(Problem.of(404, "not-found", "Not Found", "no such resource").body())));
    }
}
