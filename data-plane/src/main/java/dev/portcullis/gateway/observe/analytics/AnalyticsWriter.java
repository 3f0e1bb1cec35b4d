package dev.portcullis.gateway.observe.analytics;

import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Appends every tracked request's {@link dev.portcullis.model.analytics.AnalyticsRecord} to the Redis stream
 * {@code <prefix>analytics} (ADR 0003), for the control plane to ingest.
 *
 * <p>Each event loop gets its own {@link StreamAppender} with a connection opened once and kept open (when the
 * event loop's server starts), so the {@code XADD} leaves on the socket before the agent's answer ends, and the
 * answer's last bytes wait for Redis to confirm it, up to {@link AnalyticsSettings#answerHold()}: an agent that has
 * its answer has its request on record, even if the gateway is killed right after. While Redis is unreachable,
 * records wait in memory up to
 * {@link AnalyticsSettings#bufferCapacity()} in total and are retried with backoff; beyond that they are dropped
 * and counted. Never blocks and never throws into the request.
 */
public final class AnalyticsWriter implements RequestObserver, AutoCloseable {

    private final Vertx vertx;
    private final GatewaySettings.CounterStore redis;
    /** One client per appender: see {@link #appender()}. */
    private final List<Redis> clients = new CopyOnWriteArrayList<>();
    private final StreamCommand command;
    private final PipelineCounts counts;
    private final Duration answerHold;
    private final Map<Thread, StreamAppender> appenders = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public AnalyticsWriter(Vertx vertx, GatewaySettings.CounterStore redis, AnalyticsSettings settings) {
        this.vertx = vertx;
        this.redis = redis;
        this.command = new StreamCommand(redis.keyPrefix(), settings.streamMaxLength());
        this.counts = new PipelineCounts(settings.bufferCapacity());
        this.answerHold = settings.answerHold();
    }

    /** The client options for the Redis of {@code redis} (standalone or cluster); shared with other stream writers. */
    public static RedisOptions options(GatewaySettings.CounterStore redis) {
        RedisOptions options = new RedisOptions()
                .setMaxPoolSize(256)
                .setMaxPoolWaiting(256)
                .setMaxWaitingHandlers(16_384)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpNoDelay(true)
                        .setTcpKeepAlive(true));
        if (redis.cluster()) {
            options.setType(RedisClientType.CLUSTER);
            for (String seed : redis.url().split(",")) {
                if (!seed.isBlank()) {
                    options.addConnectionString(seed.strip());
                }
            }
        } else {
            options.setConnectionString(redis.url());
        }
        return options;
    }

    /** The pipeline's counts, for the metrics. */
    public AnalyticsStats stats() {
        return counts;
    }

    /** The stream key, {@code <prefix>analytics}. */
    public String streamKey() {
        return command.key();
    }

    /**
     * Opens this event loop's connection now, so that even the first record after a start leaves in the turn its
     * response ends (a gateway killed right after its first answer still delivers it).
     */
    @Override
    public void eventLoopStarted() {
        if (!closed) {
            appender().open();
        }
    }

    @Override
    public void completed(RequestObservation observation, CompletedRequest request) {
        observation.holdAnswerUntil(append(request));
    }

    /**
     * Appends a tracked request's record from the calling event loop.
     *
     * @return what the agent's answer waits for (Redis confirming the record, within the answer hold), or null
     *         when there is nothing to wait for (not tracked, holding off, Redis unreachable)
     */
    Future<Void> append(CompletedRequest request) {
        if (!request.tracked() || closed || request.legOf() != null) {
            return null; // a member leg: the virtual server's request carries the one record
        }
        return appender().append(AnalyticsRecordJson.writeUtf8(request.record()));
    }

    /**
     * The appender of the calling event loop. Keyed by thread because each request runs on its own duplicated
     * context; the appender lives on the event loop's base context, which outlives every request.
     */
    private StreamAppender appender() {
        StreamAppender appender = appenders.get(Thread.currentThread());
        if (appender == null) {
            Context base = ((ContextInternal) vertx.getOrCreateContext()).unwrap();
            // A client of its own: a pool shared by the event loops hands each connection to whichever loop waited
            // first, so a loop could get one served by another, and every record and reply would cross threads.
            Redis client = Redis.createClient(vertx, options(redis));
            clients.add(client);
            appender = new StreamAppender(base, client, command, counts, answerHold);
            appenders.put(Thread.currentThread(), appender);
        }
        return appender;
    }

    /**
     * Sends what waits in memory (for at most {@code timeout}), then closes the connections. Records still
     * waiting after that are counted as dropped.
     */
    public Future<Void> close(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<Void>> flushed = new ArrayList<>();
        for (StreamAppender appender : appenders.values()) {
            flushed.add(appender.flushAndClose(deadline));
        }
        return Future.join(flushed)
                .timeout(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .onComplete(done -> clients.forEach(Redis::close))
                .mapEmpty();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
