package dev.portcullis.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A body the gateway holds whole (a step's own answer), read like an upstream's: one chunk, then the end. */
final class LocalBody implements ReadStream<Buffer> {

    private final Buffer body;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;

    LocalBody(Buffer body) {
        this.body = body;
    }

    /** Hands the body to the reader, then ends. */
    void deliver() {
        if (handler != null && body.length() > 0) {
            handler.handle(body);
        }
        if (endHandler != null) {
            endHandler.handle(null);
        }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }
}
