package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.runtime.limits.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The shared counters in Redis, one Lua script call per request that has no leased unit in hand ({@link
 * LimitLeases}), and one per lease refill. On a single Redis each event loop sends its
 * requests' calls on its own connection ({@link CounterConnection}, kept open, no pool acquire per request); the
 * pooled client serves the heartbeat, the probe, Redis Cluster and callers outside an event loop. Every call is
 * bounded by the configured timeout, so a dead or black-holed Redis costs a request at most that long; the caller
 * then falls back. Futures complete on the connection's or the client's context: callers hop back to their own.
 *
 * <p>On Redis Cluster a script may only touch keys of one hash slot, so the counters are grouped by slot (at most
 * two: the consumer's {@code {c:...}} and the proxy's {@code {p:...}}) and each group gets its own
 * {@code EVALSHA}, all sent at once. All-or-nothing then holds per group only: a refusal by one group may have
 * consumed the other group's counters (docs/ratelimits.md).
 */
public final class RedisCounterStore implements AutoCloseable {

    /** A member not refreshed for this long no longer counts as a live gateway. */
    public static final long MEMBER_TTL_MS = 15_000;

    private final Redis client;
    private final Vertx vertx;
    /** Options of the clients of the event loops' own connections; null on Redis Cluster. */
    private final RedisOptions dedicatedOptions;
    private final List<Redis> dedicated = new CopyOnWriteArrayList<>();
    private final Map<Thread, CounterConnection> connections = new ConcurrentHashMap<>();
    private final String prefix;
    private final long timeoutMs;
    private final boolean cluster;
    private final CounterScript script = CounterScript.load();

    public RedisCounterStore(Vertx vertx, GatewaySettings.CounterStore settings) {
        int timeout = (int) Math.max(1, settings.timeout().toMillis());
        RedisOptions options = new RedisOptions()
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(1024)
                .setMaxWaitingHandlers(4096)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(Math.max(timeout, 250))
                        .setTcpNoDelay(true));
        if (settings.cluster()) {
            options.setType(RedisClientType.CLUSTER);
            for (String seed : settings.url().split(",")) {
                if (!seed.isBlank()) {
                    options.addConnectionString(seed.strip());
                }
            }
        } else {
            options.setConnectionString(settings.url());
        }
        this.client = Redis.createClient(vertx, options);
        this.vertx = vertx;
        this.dedicatedOptions = settings.cluster() ? null : new RedisOptions(options).setMaxPoolSize(4);
        this.prefix = settings.keyPrefix();
        this.timeoutMs = timeout;
        this.cluster = settings.cluster();
    }

    /**
     * Checks {@code counters} and takes {@code need} units of each (1 for a request, 0 for a lease alone), all or
     * none, plus up to {@code wants[i]} units of counter {@code i} in advance where they fit: one {@code EVALSHA} on
     * a single Redis; on Cluster, one per hash slot sent together, allowed only when every slot allowed (a refusal
     * then says what the slots that allowed took in advance, {@link CounterReply.Refused#others()}). Fails on any
     * Redis problem.
     */
    public Future<CounterReply> consume(List<Counter> counters, int need, long[] wants) {
        if (!cluster) {
            CounterConnection connection = connection();
            if (connection != null && connection.ready()) {
                return consumeTogether(counters, need, wants, connection::send);
            }
            return consumeTogether(counters, need, wants, client::send).timeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < counters.size(); i++) {
            bySlot.computeIfAbsent(HashSlot.of(prefix + counters.get(i).key()), slot -> new ArrayList<>()).add(i);
        }
        if (bySlot.size() == 1) {
            return consumeTogether(counters, need, wants, client::send).timeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
        List<List<Integer>> groups = new ArrayList<>(bySlot.values());
        List<Future<CounterReply>> replies = new ArrayList<>(groups.size());
        for (List<Integer> group : groups) {
            List<Counter> members = new ArrayList<>(group.size());
            long[] groupWants = new long[group.size()];
            for (int j = 0; j < group.size(); j++) {
                members.add(counters.get(group.get(j)));
                groupWants[j] = wants[group.get(j)];
            }
            replies.add(consumeTogether(members, need, groupWants, client::send));
        }
        return Future.all(replies).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .map(all -> combine(counters.size(), groups, replies));
    }

    /**
     * Every group allowed: their counters back in the call's order; else the first refusal in that order, with what
     * the groups that allowed took.
     */
    private static CounterReply combine(int size, List<List<Integer>> groups, List<Future<CounterReply>> replies) {
        long[] remaining = new long[size];
        long[] resetMs = new long[size];
        long[] granted = new long[size];
        Arrays.fill(resetMs, -1);
        CounterReply.Refused first = null;
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> group = groups.get(g);
            CounterReply reply = replies.get(g).result();
            if (reply instanceof CounterReply.Refused refused) {
                int index = group.get(refused.index());
                if (first == null || index < first.index()) {
                    first = new CounterReply.Refused(index, refused.retryAfterMs());
                }
                continue;
            }
            CounterReply.Allowed allowed = (CounterReply.Allowed) reply;
            for (int j = 0; j < group.size(); j++) {
                remaining[group.get(j)] = allowed.remaining()[j];
                resetMs[group.get(j)] = allowed.resetMs()[j];
                granted[group.get(j)] = allowed.granted()[j];
            }
        }
        CounterReply.Allowed all = new CounterReply.Allowed(remaining, resetMs, granted);
        return first == null ? all : new CounterReply.Refused(first.index(), first.retryAfterMs(), all);
    }

    /**
     * The calling event loop's own connection, opened by its first call; null outside an event loop (the pooled
     * client serves those).
     */
    private CounterConnection connection() {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return null;
        }
        Thread thread = Thread.currentThread();
        CounterConnection connection = connections.get(thread);
        if (connection == null) {
            // A client of its own: a pool shared by the event loops hands each connection to whichever loop waited
            // first, so a loop could get one served by another, and every call and reply would cross threads.
            Redis client = Redis.createClient(vertx, dedicatedOptions);
            dedicated.add(client);
            connection = new CounterConnection(((ContextInternal) context).unwrap(), client, timeoutMs);
            connections.put(thread, connection);
        }
        return connection;
    }

    /** One {@code EVALSHA} (and {@code EVAL} after {@code NOSCRIPT}, on the node that answered it). */
    private Future<CounterReply> consumeTogether(List<Counter> counters, int need, long[] wants,
                                                 Function<Request, Future<Response>> send) {
        List<String> args = new ArrayList<>(counters.size() * 7);
        for (Counter counter : counters) {
            args.add(prefix + counter.key());
        }
        String needArg = Integer.toString(need);
        for (int i = 0; i < counters.size(); i++) {
            Counter counter = counters.get(i);
            args.add(counter.kind() == Counter.Kind.RATE ? "r" : "q");
            args.add(Long.toString(counter.limit()));
            args.add(Long.toString(counter.periodMs() * 1000));
            args.add(Long.toString(counter.periodEnd()));
            args.add(needArg);
            args.add(Long.toString(wants[i]));
        }
        return send.apply(eval(Command.EVALSHA, script.sha1(), counters.size(), args))
                .recover(error -> error.getMessage() != null && error.getMessage().startsWith("NOSCRIPT")
                        ? send.apply(eval(Command.EVAL, script.source(), counters.size(), args))
                        : Future.failedFuture(error))
                .map(reply -> reply(reply, counters.size()));
    }

    private static Request eval(Command command, String scriptOrSha, int keys, List<String> args) {
        Request request = Request.cmd(command).arg(scriptOrSha).arg(keys);
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }

    private static CounterReply reply(Response reply, int counters) {
        if (reply.get(0).toLong() == 0) {
            return new CounterReply.Refused(reply.get(1).toInteger() - 1, reply.get(2).toLong());
        }
        long[] remaining = new long[counters];
        long[] resetMs = new long[counters];
        long[] granted = new long[counters];
        for (int i = 0; i < counters; i++) {
            remaining[i] = reply.get(1 + 3 * i).toLong();
            resetMs[i] = reply.get(2 + 3 * i).toLong();
            granted[i] = reply.get(3 + 3 * i).toLong();
        }
        return new CounterReply.Allowed(remaining, resetMs, granted);
    }

    /** {@code PING}, bounded by the timeout: is Redis back? */
    public Future<Void> ping() {
        return client.send(Request.cmd(Command.PING)).timeout(timeoutMs, TimeUnit.MILLISECONDS).mapEmpty();
    }

    /**
     * Refreshes this gateway's entry in the live-gateway set ({@code <prefix>gateways}, a ZSET scored by last
     * heartbeat in ms), drops members older than {@link #MEMBER_TTL_MS} and answers how many remain.
     */
    public Future<Long> heartbeat(String member, long nowMs) {
        String key = prefix + "gateways";
        return client.batch(List.of(
                        Request.cmd(Command.ZADD).arg(key).arg(nowMs).arg(member),
                        Request.cmd(Command.ZREMRANGEBYSCORE).arg(key).arg("-inf").arg(nowMs - MEMBER_TTL_MS),
                        Request.cmd(Command.PEXPIRE).arg(key).arg(4 * MEMBER_TTL_MS),
                        Request.cmd(Command.ZCARD).arg(key)))
                .timeout(Math.max(timeoutMs, 1000), TimeUnit.MILLISECONDS)
                .map(replies -> replies.get(3).toLong());
    }

    @Override
    public void close() {
        connections.values().forEach(CounterConnection::close);
        client.close();
        dedicated.forEach(Redis::close);
    }
}
