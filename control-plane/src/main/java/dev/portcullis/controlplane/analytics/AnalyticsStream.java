package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.ClasspathText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control plane's side of the analytics stream {@code <prefix>analytics}, consumer group
 * {@value #GROUP}, as blocking calls for the ingest thread (never call from an event loop). Every call is bounded;
 * a Redis problem is an {@link java.io.IOException}-like {@link StreamUnavailableException}.
 *
 * <p>A batch of thousands of entries is read, claimed and acknowledged in commands of at most {@value #CHUNK}
 * entries each: Redis runs one command at a time, and one {@code XREADGROUP} of 20,000 entries held it for 20-28 ms,
 * during which every gateway's {@code XADD} (and with it an agent's answer) waited (docs/performance.md,
 * "Sixth performance round"). A command of {@value #CHUNK} entries holds it for about 0.3 ms.
 */
public final class AnalyticsStream implements AutoCloseable {

    public static final String GROUP = "portcullis-control-plane";
    private static final long CALL_TIMEOUT_MS = 10_000;
    /** The most entries one Redis command reads, claims or acknowledges. */
    static final int CHUNK = 250;
    /** The most {@code XTRIM} commands of one {@link #trimAcknowledged()}: up to about 100,000 entries. */
    static final int MAX_TRIM_CALLS = 10;
    /** {@code lua/delete_idle_consumer.lua}: deletes a consumer only if it holds nothing and is idle, in one step. */
    private static final String DELETE_IDLE_CONSUMER =
            ClasspathText.read(AnalyticsStream.class, "/lua/delete_idle_consumer.lua");

    private final Redis client;
    private final String key;
    private final String consumer;

    public AnalyticsStream(Vertx vertx, String url, boolean cluster, String keyPrefix, String consumer) {
        this(vertx, url, cluster, keyPrefix, "analytics", consumer);
    }

    /** Another stream of the same shape ({@code <prefix><stream>}, one {@code r} field per entry), same group. */
    public AnalyticsStream(Vertx vertx, String url, boolean cluster, String keyPrefix, String stream,
                           String consumer) {
        RedisOptions options = new RedisOptions().setMaxPoolSize(4).setMaxPoolWaiting(16)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true));
        if (cluster) {
            options.setType(RedisClientType.CLUSTER);
            for (String seed : url.split(",")) {
                if (!seed.isBlank()) {
                    options.addConnectionString(seed.strip());
                }
            }
        } else {
            options.setConnectionString(url);
        }
        this.client = Redis.createClient(vertx, options);
        this.key = keyPrefix + stream;
        this.consumer = consumer;
    }

    public String key() {
        return key;
    }

    public String consumer() {
        return consumer;
    }

    /** Creates the group reading from the start ({@code MKSTREAM}, id 0); an existing group is left as it is. */
    public void ensureGroup() {
        try {
            call(Request.cmd(Command.XGROUP).arg("CREATE").arg(key).arg(GROUP).arg("0").arg("MKSTREAM"));
        } catch (StreamUnavailableException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Entries delivered to this consumer and not acknowledged (after a crash), oldest first; at most {@code count}. */
    public List<StreamEntry> ownPending(int count) {
        List<StreamEntry> all = new ArrayList<>();
        String after = "0";
        while (all.size() < count) {
            int asked = Math.min(CHUNK, count - all.size());
            List<StreamEntry> chunk = entriesOfRead(call(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP)
                    .arg(consumer).arg("COUNT").arg(asked).arg("STREAMS").arg(key).arg(after)));
            all.addAll(chunk);
            if (chunk.size() < asked) {
                break;
            }
            after = chunk.get(chunk.size() - 1).streamId();
        }
        return all;
    }

    /**
     * Claims entries pending longer than {@code minIdleMs} on any consumer (a dead one) for this consumer; at most
     * {@code count}.
     */
    public List<StreamEntry> claimAbandoned(long minIdleMs, int count) {
        List<StreamEntry> all = new ArrayList<>();
        String cursor = "0-0";
        while (all.size() < count) {
            int asked = Math.min(CHUNK, count - all.size());
            Response reply = call(Request.cmd(Command.XAUTOCLAIM).arg(key).arg(GROUP).arg(consumer).arg(minIdleMs)
                    .arg(cursor).arg("COUNT").arg(asked));
            if (reply == null || reply.size() < 2) {
                break;
            }
            all.addAll(entries(reply.get(1)));
            cursor = reply.get(0) == null ? "0-0" : reply.get(0).toString();
            if ("0-0".equals(cursor)) {
                break; // the whole pending list was scanned
            }
        }
        return all;
    }

    /**
     * New entries, waiting up to {@code blockMs} for some; at most {@code count}, read in commands of at most
     * {@value #CHUNK} (only the first one waits).
     */
    public List<StreamEntry> readNew(int count, long blockMs) {
        int asked = Math.min(CHUNK, count);
        List<StreamEntry> first = entriesOfRead(call(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP)
                .arg(consumer).arg("COUNT").arg(asked).arg("BLOCK").arg(blockMs).arg("STREAMS").arg(key).arg(">")));
        if (first.size() < asked || first.size() >= count) {
            return first;
        }
        List<StreamEntry> all = new ArrayList<>(first);
        while (all.size() < count) {
            asked = Math.min(CHUNK, count - all.size());
            List<StreamEntry> chunk = entriesOfRead(call(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP)
                    .arg(consumer).arg("COUNT").arg(asked).arg("STREAMS").arg(key).arg(">")));
            all.addAll(chunk);
            if (chunk.size() < asked) {
                break;
            }
        }
        return all;
    }

    /** Acknowledges {@code entries}, in commands of at most {@value #CHUNK} ids. */
    public void ack(List<StreamEntry> entries) {
        for (int from = 0; from < entries.size(); from += CHUNK) {
            Request request = Request.cmd(Command.XACK).arg(key).arg(GROUP);
            for (StreamEntry entry : entries.subList(from, Math.min(entries.size(), from + CHUNK))) {
                request.arg(entry.streamId());
            }
            call(request);
        }
    }

    /** RESP2 {@code XREADGROUP} reply: {@code [[key, [[id, [field, value ...]] ...]]]}, or nil on timeout. */
    private static List<StreamEntry> entriesOfRead(Response reply) {
        if (reply == null || reply.size() == 0) {
            return List.of();
        }
        return entries(reply.get(0).get(1));
    }

    private static List<StreamEntry> entries(Response list) {
        if (list == null) {
            return List.of();
        }
        List<StreamEntry> entries = new ArrayList<>(list.size());
        for (Response entry : list) {
            if (entry == null || entry.size() < 2) {
                continue;
            }
            String id = entry.get(0).toString();
            Response fields = entry.get(1);
            String json = null;
            if (fields != null) {
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if ("r".equals(fields.get(i).toString())) {
                        json = fields.get(i + 1).toString();
                    }
                }
            }
            entries.add(new StreamEntry(id, json));
        }
        return entries;
    }

    /**
     * Deletes the entries every consumer group of the stream has read and acknowledged ({@code XTRIM MINID ~}): an
     * ingested entry has no further use, and kept it would hold Redis memory (and the append-only file) until the
     * stream's cap trimmed it, about a million entries later. The bound is the oldest entry a group still has pending,
     * or, with none pending, the last one it was delivered; nothing is deleted unless the control plane's own group
     * is among them. Trimming is approximate (whole nodes of entries), so a few ingested entries stay until the next
     * trim. Redis deletes at most about 10,000 entries per {@code XTRIM} (a few ms), so a long backlog's entries go
     * in up to {@value #MAX_TRIM_CALLS} commands, other clients' commands running between them.
     *
     * @return the entries deleted
     */
    public long trimAcknowledged() {
        Response groups = call(Request.cmd(Command.XINFO).arg("GROUPS").arg(key));
        if (groups == null || groups.size() == 0) {
            return 0;
        }
        StreamId bound = null;
        boolean ours = false;
        for (Response fields : groups) {
            String name = null;
            String lastDelivered = null;
            for (int i = 0; fields != null && i + 1 < fields.size(); i += 2) {
                switch (fields.get(i).toString()) {
                    case "name" -> name = fields.get(i + 1).toString();
                    case "last-delivered-id" -> lastDelivered = fields.get(i + 1).toString();
                    default -> {
                    }
                }
            }
            if (name == null || lastDelivered == null) {
                return 0;
            }
            ours |= GROUP.equals(name);
            StreamId kept = StreamId.parse(lastDelivered);
            Response pending = call(Request.cmd(Command.XPENDING).arg(key).arg(name));
            if (pending != null && pending.size() >= 2 && pending.get(0) != null && pending.get(0).toLong() > 0
                    && pending.get(1) != null) {
                kept = StreamId.min(kept, StreamId.parse(pending.get(1).toString()));
            }
            if (kept == null) {
                return 0;
            }
            bound = bound == null ? kept : StreamId.min(bound, kept);
        }
        if (!ours || bound == null || bound.isZero()) {
            return 0;
        }
        long deleted = 0;
        for (int call = 0; call < MAX_TRIM_CALLS; call++) {
            Response trimmed = call(Request.cmd(Command.XTRIM).arg(key).arg("MINID").arg("~")
                    .arg(bound.toString()));
            long now = trimmed == null ? 0 : trimmed.toLong();
            deleted += now;
            if (now == 0) {
                break;
            }
        }
        return deleted;
    }

    /**
     * Deletes the group's other consumers that hold no pending entry and have been idle (no read attempt) for at
     * least {@code minIdleMs}: control planes that stopped, since each start joins as a new consumer
     * ({@code <host>-<pid>}). What a dead consumer still held is claimed by another first ({@code XAUTOCLAIM}), after
     * which it holds nothing and goes too. A live control plane reads at least every second, so it is never idle
     * that long; should one be deleted anyway, its next read creates it again.
     *
     * @return the names deleted
     */
    public List<String> forgetIdleConsumers(long minIdleMs) {
        Response consumers = call(Request.cmd(Command.XINFO).arg("CONSUMERS").arg(key).arg(GROUP));
        List<String> deleted = new ArrayList<>();
        if (consumers == null) {
            return deleted;
        }
        for (Response fields : consumers) {
            String name = null;
            long pending = -1;
            long idle = -1;
            for (int i = 0; fields != null && i + 1 < fields.size(); i += 2) {
                switch (fields.get(i).toString()) {
                    case "name" -> name = fields.get(i + 1).toString();
                    case "pending" -> pending = fields.get(i + 1).toLong();
                    case "idle" -> idle = fields.get(i + 1).toLong();
                    default -> {
                    }
                }
            }
            if (name != null && !name.equals(consumer) && pending == 0 && idle >= minIdleMs
                    && deleteIfIdleAndEmpty(name, minIdleMs)) {
                deleted.add(name);
            }
        }
        return deleted;
    }

    /**
     * Deletes consumer {@code name} of the group if, at that moment, it holds no pending entry and has been idle for
     * at least {@code minIdleMs}: checked and deleted in one script, which Redis runs with no command between, so an
     * entry delivered to it after {@link #forgetIdleConsumers} read its state is never deleted with it (its pending
     * record would go, and with it any redelivery should that control plane fail before storing the entry).
     *
     * @return whether it was deleted
     */
    boolean deleteIfIdleAndEmpty(String name, long minIdleMs) {
        Response deleted = call(Request.cmd(Command.EVAL).arg(DELETE_IDLE_CONSUMER).arg(1).arg(key).arg(GROUP)
                .arg(name).arg(minIdleMs));
        return deleted != null && deleted.toLong() == 1;
    }

    private Response call(Request request) {
        Future<Response> reply = client.send(request);
        try {
            return reply.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamUnavailableException("interrupted", e);
        } catch (ExecutionException e) {
            throw new StreamUnavailableException(e.getCause() == null ? "failed" : e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new StreamUnavailableException("no answer from Redis within " + CALL_TIMEOUT_MS + " ms", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** Redis failed or did not answer. */
    public static final class StreamUnavailableException extends RuntimeException {
        StreamUnavailableException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
