package dev.portcullis.gateway.support;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** Closes what an integration test started, in the order given (nulls skipped: a start that failed half-way). */
public final class Teardown {

    private Teardown() {
    }

    /** Closes {@code resources} in order, then {@code vertx} (waiting up to 10 s). */
    public static void closeAll(Vertx vertx, AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
