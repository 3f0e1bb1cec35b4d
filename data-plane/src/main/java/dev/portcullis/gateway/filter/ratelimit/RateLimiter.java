package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.runtime.limits.Counter;
import dev.portcullis.gateway.config.GatewaySettings;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Counts requests against their counters: from units leased in advance while this gateway holds some ({@link
 * LimitLeases}), else in Redis while it answers, else (by default) in a {@link LocalLimiter}
 * enforcing each limit divided by the number of live gateways, or (with {@code onRedisFailure: deny}) not at all.
 * One per gateway, shared by all event loops.
 *
 * <p>Redis health: the first failed or timed-out call switches to the fallback (logged once); while down, a probe
 * pings Redis every {@value #PROBE_MS} ms and switches back when it answers (logged once; local counts are
 * dropped). Every request decided without Redis is counted in {@link #fallbacks()}. Every 5 s the gateway
 * refreshes its entry in the live-gateway set, which gives the divisor for the fallback.
 *
 * <p>A gateway whose proxies have no limits never talks to Redis: the heartbeat and the probe start with the
 * first request that has a counter.
 */
public final class RateLimiter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long PROBE_MS = 500;
    private static final long HEARTBEAT_MS = 5_000;

    private final Vertx vertx;
    private final RedisCounterStore store;
    private final GatewaySettings.OnRedisFailure onFailure;
    private final Clock clock;
    private final LocalLimiter local = new LocalLimiter();
    private final LimitLeases leases;
    private final String member;
    private final AtomicLong fallbacks = new AtomicLong();
    private final LongAdder leasedDecisions = new LongAdder();
    private final AtomicLong liveGateways = new AtomicLong(1);
    private final long probeTimer;
    private final long heartbeatTimer;
    private volatile boolean redisUp = true;
    private volatile boolean probing;
    private volatile boolean counting;

    public RateLimiter(Vertx vertx, GatewaySettings.CounterStore settings, String gatewayId, Clock clock) {
        this.vertx = vertx;
        this.store = new RedisCounterStore(vertx, settings);
        this.onFailure = settings.onFailure();
        this.clock = clock;
        this.leases = new LimitLeases(settings.leasePercent());
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        this.member = gatewayId + ":" + HexFormat.of().formatHex(suffix);
        this.probeTimer = vertx.setPeriodic(PROBE_MS, id -> probe());
        this.heartbeatTimer = vertx.setPeriodic(1, HEARTBEAT_MS, id -> heartbeat());
    }

    /**
     * Checks and consumes {@code counters}; the future completes on the caller's context and never fails for a
     * Redis problem (it falls back instead). Decided at once when every counter has a leased unit in hand.
     */
    public Future<LimitDecision> check(List<Counter> counters) {
        if (!counting) {
            counting = true;
            vertx.runOnContext(v -> heartbeat());
        }
        long now = clock.millis();
        LimitHeaders leased = leases.take(counters, now);
        if (leased != null) {
            leasedDecisions.increment();
            if (redisUp) {
                refill(counters, now);
            }
            return Future.succeededFuture(new LimitDecision.Allowed(leased));
        }
        if (!redisUp) {
            return Future.succeededFuture(fallback(counters));
        }
        long[] wants = leases.wants(counters, now);
        Context caller = Vertx.currentContext();
        Promise<LimitDecision> promise = Promise.promise();
        store.consume(counters, 1, wants)
                .onComplete(result -> onCaller(caller, () -> promise.complete(decide(result, counters, wants))));
        return promise.future();
    }

    private LimitDecision decide(AsyncResult<CounterReply> result, List<Counter> counters, long[] wants) {
        if (result.succeeded()) {
            if (result.result() instanceof CounterReply.Allowed allowed) {
                return new LimitDecision.Allowed(leases.granted(counters, wants, allowed, clock.millis()));
            }
            CounterReply.Refused refused = (CounterReply.Refused) result.result();
            leases.refused(counters, wants, refused, clock.millis());
            return new LimitDecision.Refused(counters.get(refused.index()), refused.retryAfterMs());
        }
        leases.cancel(counters, wants);
        markDown(result.cause());
        return fallback(counters);
    }

    /** Asks Redis, in the background, for more units of the counters whose leases run low. */
    private void refill(List<Counter> counters, long now) {
        LimitLeases.Refill refill = leases.refill(counters, now);
        if (refill == null) {
            return;
        }
        store.consume(refill.counters(), 0, refill.wants()).onComplete(result -> {
            if (result.succeeded() && result.result() instanceof CounterReply.Allowed allowed) {
                leases.granted(refill.counters(), refill.wants(), allowed, clock.millis());
                return;
            }
            if (result.failed()) {
                leases.cancel(refill.counters(), refill.wants());
                markDown(result.cause());
            } else {
                leases.refused(refill.counters(), refill.wants(), (CounterReply.Refused) result.result(),
                        clock.millis());
            }
        });
    }

    private LimitDecision fallback(List<Counter> counters) {
        fallbacks.incrementAndGet();
        if (onFailure == GatewaySettings.OnRedisFailure.DENY) {
            return new LimitDecision.Unavailable();
        }
        return local.consume(counters, clock.millis(), liveGateways.get());
    }

    private void markDown(Throwable cause) {
        if (redisUp) {
            redisUp = false;
            LOG.warnf("rate-limit store unavailable (%s); counting %s until it answers again",
                    cause.getClass().getSimpleName(),
                    onFailure == GatewaySettings.OnRedisFailure.DENY ? "nothing: requests with limits are refused"
                            : "locally, each limit divided by " + liveGateways.get() + " live gateway(s)");
        }
    }

    private void probe() {
        if (redisUp || probing) {
            return;
        }
        local.purge(clock.millis());
        probing = true;
        store.ping().onComplete(result -> {
            probing = false;
            if (result.succeeded() && !redisUp) {
                redisUp = true;
                local.clear();
                LOG.infof("rate-limit store answers again; counting in Redis (%d requests were decided without it)",
                        fallbacks.get());
                heartbeat();
            }
        });
    }

    private void heartbeat() {
        if (!counting) {
            return;
        }
        leases.purge(clock.millis());
        store.heartbeat(member, clock.millis()).onSuccess(count -> liveGateways.set(Math.max(1, count)));
    }

    /** Runs {@code action} on the caller's context: at once when already on its thread, else as a task. */
    private static void onCaller(Context caller, Runnable action) {
        if (caller == null || Vertx.currentContext() == caller) {
            action.run();
        } else {
            ((ContextInternal) caller).emit(null, v -> action.run());
        }
    }

    /** Requests decided without Redis since start (local fallback or deny). */
    public long fallbacks() {
        return fallbacks.get();
    }

    /** False while counting falls back. */
    public boolean redisAvailable() {
        return redisUp;
    }

    /** Requests decided from units held in advance since start. */
    public long leasedDecisions() {
        return leasedDecisions.sum();
    }

    /** Units of the shared counters this gateway holds in advance, across all counters. */
    public long leasedUnits() {
        return leases.held();
    }

    /** The last known number of live gateways (at least 1). */
    public long liveGateways() {
        return liveGateways.get();
    }

    @Override
    public void close() {
        vertx.cancelTimer(probeTimer);
        vertx.cancelTimer(heartbeatTimer);
        store.close();
    }
}
