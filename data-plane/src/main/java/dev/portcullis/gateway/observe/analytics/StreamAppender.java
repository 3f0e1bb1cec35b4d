package dev.portcullis.gateway.observe.analytics;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The analytics stream writer of one event-loop context: one Redis connection opened on that context and kept
 * open, so an {@code XADD} is written to the socket in the event-loop turn the request completes in (with answers
 * held, at the end of that turn, in one pipelined write with the other records of the turn: a group commit); records
 * that arrive while the connection is down (or while the backlog is being sent) wait in a queue.
 *
 * <p>Confined to its context: every method runs on the context's thread, including the connection's callbacks.
 * An append that fails on I/O is queued again and the connection is replaced (the control plane ingests by record
 * id, so a record appended twice counts once). An append Redis answers with an {@link ErrorReply} keeps the
 * connection: a retryable reply ({@code LOADING}, {@code OOM}...) pauses sending and tries the record again, up to
 * {@value #MAX_ATTEMPTS} attempts in all; any other reply ({@code WRONGTYPE}, {@code NOPERM}...) drops it, counted.
 *
 * <p>A record sent at once comes with a <em>hold</em>: a future that completes when Redis answers the
 * {@code XADD} (for a group commit, the pipeline's replies), or when the hold limit passes first, for the agent's
 * answer to wait on. A record that has to wait in
 * the queue (Redis down, a backlog being sent) comes with none: the answer does not wait for an outage.
 */
final class StreamAppender {

    static final int MAX_ATTEMPTS = 5;
    private static final int BATCH = 256;
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Context context;
    private final Redis client;
    private final StreamCommand command;
    private final PipelineCounts counts;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private RedisConnection connection;
    private boolean connecting;
    private boolean draining;
    private boolean closed;
    private long backoffMs = MIN_BACKOFF_MS;
    private long reconnectTimer = -1;
    private long holdMs = MIN_BACKOFF_MS;
    private long holdTimer = -1;
    private final long answerHoldNanos;
    private final ArrayDeque<AnswerHold> answerHolds = new ArrayDeque<>();
    /** Records of the current event-loop turn and their answers' holds, sent together when the turn ends. */
    private final List<Pending> turn = new ArrayList<>();
    private final List<Promise<Void>> turnHolds = new ArrayList<>();
    private long answerHoldTimer = -1;

    /** A record waiting to be appended, with the retryable error replies it got so far. */
    private record Pending(byte[] json, int refusals) {
    }

    /** An agent's answer waiting for its record's {@code XADD} reply, released by the reply or at its deadline. */
    private record AnswerHold(Promise<Void> released, long deadlineNanos) {
    }

    /** What became of one record's append. */
    private enum Outcome { WRITTEN, RETRY, DROPPED, IO_FAILED }

    /**
     * @param answerHold how long an agent's answer may wait for its record's {@code XADD} reply; zero: not at all
     */
    StreamAppender(Context context, Redis client, StreamCommand command, PipelineCounts counts, Duration answerHold) {
        this.context = context;
        this.client = client;
        this.command = command;
        this.counts = counts;
        this.answerHoldNanos = answerHold.toNanos();
    }

    Context context() {
        return context;
    }

    /**
     * Appends one record's JSON (UTF-8) now when connected and nothing waits; queues it otherwise (or drops it when full).
     *
     * @return the record's hold when it was sent at once (see the class comment), else null
     */
    Future<Void> append(byte[] json) {
        if (closed || !counts.reserve()) {
            return null;
        }
        RedisConnection open = connection;
        if (open != null && !draining && holdTimer < 0 && queue.isEmpty()) {
            Promise<Void> answered = answerHold();
            if (answered == null) {
                send(open, List.of(new Pending(json, 0)), List.of());
                return null;
            }
            if (turn.isEmpty()) {
                context.runOnContext(ignored -> commitTurn());
            }
            turn.add(new Pending(json, 0));
            turnHolds.add(answered);
            return answered.future();
        }
        queue.addLast(new Pending(json, 0));
        if (open == null) {
            connect();
        } else {
            drain();
        }
        return null;
    }

    /**
     * Sends the records of the event-loop turn that just ended in one pipelined write, their answers released
     * together by the replies. Runs as a task queued on the event loop by the turn's first record, so after the
     * I/O events of that turn; records held back by an outage since then go to the head of the queue.
     */
    private void commitTurn() {
        List<Pending> records = new ArrayList<>(turn);
        List<Promise<Void>> holds = new ArrayList<>(turnHolds);
        turn.clear();
        turnHolds.clear();
        RedisConnection open = connection;
        if (open == null || closed) {
            holds.forEach(Promise::tryComplete);
            releaseAnswered();
            if (closed) {
                counts.lost(records.size());
                return;
            }
            afterReplies(null, false, false, records);
            connect();
            return;
        }
        send(open, records, holds);
    }

    /**
     * Writes records sent at once: one {@code XADD}, or several pipelined in one write; {@code holds} are the
     * answers released by the replies. A pipeline Redis answered with an error reply goes back to the head of the
     * queue, whose batches fall back to one {@code XADD} each on an error reply.
     */
    private void send(RedisConnection open, List<Pending> records, List<Promise<Void>> holds) {
        if (records.size() == 1) {
            Pending record = records.get(0);
            open.send(command.xadd(record.json())).onComplete(reply -> {
                released(holds);
                if (reply.succeeded()) {
                    counts.written(1);
                    return;
                }
                List<Pending> again = new ArrayList<>(1);
                Outcome outcome = settle(record, reply, again);
                afterReplies(open, outcome == Outcome.IO_FAILED, outcome == Outcome.RETRY, again);
            });
            return;
        }
        List<Request> requests = new ArrayList<>(records.size());
        for (Pending record : records) {
            requests.add(command.xadd(record.json()));
        }
        open.batch(requests).onComplete(replies -> {
            released(holds);
            if (replies.succeeded()) {
                counts.written(records.size());
                return;
            }
            afterReplies(open, ErrorReply.of(replies.cause()) == null, false, records);
        });
    }

    private void released(List<Promise<Void>> holds) {
        if (!holds.isEmpty()) {
            holds.forEach(Promise::tryComplete);
            releaseAnswered();
        }
    }

    /** A new hold, with the timer that releases it at its deadline; null when answers are not held. */
    private Promise<Void> answerHold() {
        if (answerHoldNanos <= 0) {
            return null;
        }
        Promise<Void> released = Promise.promise();
        answerHolds.addLast(new AnswerHold(released, System.nanoTime() + answerHoldNanos));
        if (answerHoldTimer < 0) {
            scheduleHoldSweep(answerHoldNanos);
        }
        return released;
    }

    private void scheduleHoldSweep(long delayNanos) {
        answerHoldTimer = context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> {
            answerHoldTimer = -1;
            long now = System.nanoTime();
            int expired = 0;
            while (!answerHolds.isEmpty() && answerHolds.peekFirst().deadlineNanos() - now <= 0) {
                if (answerHolds.pollFirst().released().tryComplete()) {
                    expired++;
                }
            }
            counts.answersReleasedUnconfirmed(expired);
            releaseAnswered();
            if (!answerHolds.isEmpty()) {
                scheduleHoldSweep(answerHolds.peekFirst().deadlineNanos() - now);
            }
        });
    }

    /** Forgets the released holds at the head of the line (replies come in the order the records were sent). */
    private void releaseAnswered() {
        while (!answerHolds.isEmpty() && answerHolds.peekFirst().released().future().isComplete()) {
            answerHolds.pollFirst();
        }
    }

    /** Opens the connection ahead of the first record. */
    void open() {
        connect();
    }

    private void connect() {
        if (connecting || closed || connection != null || reconnectTimer >= 0) {
            return;
        }
        connecting = true;
        client.connect().onComplete(result -> {
            connecting = false;
            if (result.failed()) {
                counts.unreachable(result.cause());
                retryLater();
                return;
            }
            RedisConnection opened = result.result();
            if (closed) {
                opened.close();
                return;
            }
            connection = opened;
            backoffMs = MIN_BACKOFF_MS;
            opened.exceptionHandler(error -> broken(opened));
            opened.endHandler(ended -> broken(opened));
            counts.reachable();
            drain();
        });
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        reconnectTimer = context.owner().setTimer(delay, id -> {
            reconnectTimer = -1;
            connect();
        });
    }

    private void broken(RedisConnection failed) {
        if (connection != failed) {
            return;
        }
        connection = null;
        failed.close();
        counts.unreachable(null);
        retryLater();
    }

    /** Pauses sending (the connection stays open) after a retryable error reply, with a growing delay. */
    private void holdOff() {
        if (holdTimer >= 0 || closed) {
            return;
        }
        long delay = holdMs;
        holdMs = Math.min(MAX_BACKOFF_MS, holdMs * 2);
        holdTimer = context.owner().setTimer(delay, id -> {
            holdTimer = -1;
            drain();
        });
    }

    /** Sends the queue in pipelined batches of {@value #BATCH}, one batch in flight at a time. */
    private void drain() {
        RedisConnection open = connection;
        if (draining || open == null || holdTimer >= 0 || queue.isEmpty()) {
            return;
        }
        draining = true;
        List<Pending> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
        List<Request> requests = new ArrayList<>(batch.size());
        while (batch.size() < BATCH && !queue.isEmpty()) {
            Pending pending = queue.pollFirst();
            batch.add(pending);
            requests.add(command.xadd(pending.json()));
        }
        open.batch(requests).onComplete(replies -> {
            if (replies.succeeded()) {
                draining = false;
                holdMs = MIN_BACKOFF_MS;
                counts.written(batch.size());
                drain();
            } else if (ErrorReply.of(replies.cause()) != null) {
                sendEach(open, batch);
            } else {
                draining = false;
                afterReplies(open, true, false, batch);
            }
        });
    }

    /**
     * Sends again, one {@code XADD} each, a batch Redis answered with an error reply, since a batch's failure does
     * not say which records it refused (a record the batch did append is appended twice; ingest counts it once).
     */
    private void sendEach(RedisConnection open, List<Pending> batch) {
        List<Future<Response>> sent = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            sent.add(open.send(command.xadd(pending.json())));
        }
        Future.join(sent).onComplete(all -> {
            draining = false;
            List<Pending> again = new ArrayList<>();
            boolean ioFailed = false;
            boolean retry = false;
            for (int i = 0; i < batch.size(); i++) {
                Outcome outcome = settle(batch.get(i), sent.get(i), again);
                ioFailed |= outcome == Outcome.IO_FAILED;
                retry |= outcome == Outcome.RETRY;
            }
            afterReplies(open, ioFailed, retry, again);
        });
    }

    /** Counts one record's reply; adds the record to {@code again} when it is to be sent again. */
    private Outcome settle(Pending pending, AsyncResult<Response> reply, List<Pending> again) {
        if (reply.succeeded()) {
            counts.written(1);
            return Outcome.WRITTEN;
        }
        ErrorReply error = ErrorReply.of(reply.cause());
        if (error == null) {
            again.add(pending);
            return Outcome.IO_FAILED;
        }
        if (error.retryable() && pending.refusals() + 1 < MAX_ATTEMPTS) {
            again.add(new Pending(pending.json(), pending.refusals() + 1));
            return Outcome.RETRY;
        }
        counts.rejected(error, 1);
        return Outcome.DROPPED;
    }

    private void afterReplies(RedisConnection open, boolean ioFailed, boolean retry, List<Pending> again) {
        for (int i = again.size() - 1; i >= 0; i--) {
            queue.addFirst(again.get(i));
        }
        if (open == null) {
            return;
        }
        if (ioFailed) {
            broken(open);
        } else if (retry) {
            holdOff();
        } else {
            drain();
        }
    }

    /** Sends what is queued if connected, then closes; completes when done (the caller bounds the wait). */
    Future<Void> flushAndClose(long deadlineNanos) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(ignored -> flushThenClose(done, deadlineNanos));
        return done.future();
    }

    private void flushThenClose(Promise<Void> done, long deadlineNanos) {
        if (connection != null && (draining || !queue.isEmpty()) && System.nanoTime() < deadlineNanos) {
            drain();
            context.owner().setTimer(20, id -> flushThenClose(done, deadlineNanos));
            return;
        }
        closed = true;
        answerHolds.forEach(held -> held.released().tryComplete());
        answerHolds.clear();
        if (answerHoldTimer >= 0) {
            context.owner().cancelTimer(answerHoldTimer);
        }
        if (reconnectTimer >= 0) {
            context.owner().cancelTimer(reconnectTimer);
        }
        if (holdTimer >= 0) {
            context.owner().cancelTimer(holdTimer);
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        counts.lost(queue.size());
        queue.clear();
        done.complete();
    }
}
