package dev.portcullis.gateway.filter.ratelimit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The counter store's Redis connection of one event loop: opened on that event loop by its first request and kept
 * open, so a request's {@code EVALSHA} is written straight to the socket without a pool acquire and release (while
 * it opens, requests go through the pooled client: see {@link #ready}).
 * Replies come back in the order the commands were sent, which bounds every call with one timer per connection
 * instead of one per request: a timer set for the oldest unanswered call fails the calls past their deadline.
 *
 * <p>Confined to its event loop: every method runs on its thread, including the connection's callbacks. A
 * connection that ends or fails is dropped and every call waiting on it fails at once (not at its deadline: the
 * reply can no longer come); so is one whose oldest call passed its deadline, since the calls queued behind it
 * would each wait their full timeout too. The next request starts opening another. After {@link #close()} nothing is opened
 * again, and a connection still being opened then is closed as soon as it opens.
 */
final class CounterConnection {

    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Context context;
    private final Redis client;
    private final long timeoutNanos;
    private final ArrayDeque<Call> calls = new ArrayDeque<>();
    private RedisConnection connection;
    private Future<RedisConnection> connecting;
    private long timer = -1;
    private long retryAfterNanos = System.nanoTime();
    private boolean closed;

    /** A call waiting for its reply, failed at its deadline if none came. */
    private record Call(Promise<Response> reply, long deadlineNanos) {
    }

    CounterConnection(Context context, Redis client, long timeoutMs) {
        this.context = context;
        this.client = client;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /**
     * Whether the connection is open. When it is not, starts opening it (at most once a second after a failure) and
     * answers false: the caller sends that request through the pooled client, so no request's timeout pays for a
     * connection being set up.
     */
    boolean ready() {
        if (connection != null) {
            return true;
        }
        if (!closed && connecting == null && System.nanoTime() - retryAfterNanos >= 0) {
            opened();
        }
        return false;
    }

    /** Sends {@code request}; the future completes on this event loop, failed past the timeout or on I/O. */
    Future<Response> send(Request request) {
        if (closed) {
            return Future.failedFuture("counter store closed");
        }
        Promise<Response> reply = Promise.promise();
        calls.addLast(new Call(reply, System.nanoTime() + timeoutNanos));
        if (timer < 0) {
            schedule(timeoutNanos);
        }
        RedisConnection open = connection;
        if (open != null) {
            open.send(request).onComplete(result -> answered(reply, result.succeeded() ? result.result() : null,
                    result.cause()));
        } else {
            opened().onComplete(result -> {
                if (result.failed()) {
                    answered(reply, null, result.cause());
                } else {
                    result.result().send(request).onComplete(sent -> answered(reply,
                            sent.succeeded() ? sent.result() : null, sent.cause()));
                }
            });
        }
        return reply.future();
    }

    private void answered(Promise<Response> reply, Response response, Throwable failure) {
        if (failure == null) {
            reply.tryComplete(response);
        } else {
            reply.tryFail(failure);
        }
        while (!calls.isEmpty() && calls.peekFirst().reply().future().isComplete()) {
            calls.pollFirst();
        }
    }

    private Future<RedisConnection> opened() {
        if (connecting == null) {
            connecting = client.connect().onComplete(result -> {
                connecting = null;
                if (result.failed()) {
                    retryAfterNanos = System.nanoTime() + RETRY_NANOS;
                } else if (closed) {
                    result.result().close(); // opened after shutdown began: nobody would ever close it
                } else {
                    RedisConnection opened = result.result();
                    connection = opened;
                    opened.exceptionHandler(error -> dropped(opened));
                    opened.endHandler(ended -> dropped(opened));
                }
            });
        }
        return connecting;
    }

    /** Every call still waiting was sent on {@code failed}: a new connection is only opened once it is dropped. */
    private void dropped(RedisConnection failed) {
        if (connection == failed) {
            connection = null;
            discard(failed);
            failWaiting("connection to Redis lost");
        }
    }

    /**
     * Closes the socket, not only the lease: the pool would otherwise hand the connection out again with the
     * replies it still waits for, and pair them with the next caller's commands.
     */
    private static void discard(RedisConnection broken) {
        if (broken instanceof PooledRedisConnection pooled) {
            pooled.actual().forceClose();
        }
        broken.close();
    }

    private void failWaiting(String reason) {
        while (!calls.isEmpty()) {
            calls.pollFirst().reply().tryFail(reason);
        }
    }

    private void schedule(long delayNanos) {
        timer = context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> {
            timer = -1;
            long now = System.nanoTime();
            boolean expired = false;
            while (!calls.isEmpty() && (calls.peekFirst().reply().future().isComplete()
                    || calls.peekFirst().deadlineNanos() - now <= 0)) {
                expired |= calls.pollFirst().reply().tryFail(new NoStackTraceTimeoutException(
                        "no answer from Redis within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
            }
            if (expired && !calls.isEmpty()) {
                // Replies come in order: the calls behind one that got none in time will not get theirs either
                // (a black-holed or stalled connection). Fail them now and start over on a new connection.
                RedisConnection stuck = connection;
                connection = null;
                if (stuck != null) {
                    discard(stuck);
                }
                failWaiting("Redis answered an earlier call on this connection too late");
            }
            if (!calls.isEmpty()) {
                schedule(calls.peekFirst().deadlineNanos() - now);
            }
        });
    }

    /** Closes the connection, also one still being opened; calls still waiting fail. */
    void close() {
        context.runOnContext(ignored -> {
            closed = true;
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
                timer = -1;
            }
            failWaiting("counter store closed");
            if (connection != null) {
                connection.close();
                connection = null;
            }
        });
    }
}
