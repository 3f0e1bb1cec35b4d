package dev.portcullis.gateway.filter.pinning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.observe.analytics.AnalyticsWriter;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.pin.PinMode;
import dev.portcullis.model.pin.PinReport;
import dev.portcullis.model.validation.FieldError;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reports definitions that differ from the approved pins to the control plane, asynchronously: one
 * {@link PinReport} per proxy, primitive and hash ({@code XADD <prefix>pin-changes MAXLEN ~ 10000 * r <json>}),
 * however many list answers show it, so a busy gateway does not flood the stream. A report Redis did not take is
 * forgotten, so the next list answer showing the change sends it again. A report that would not pass
 * {@link PinReport#validate} (which the control plane applies, dropping what fails) is not sent: it is logged and
 * counted in {@link #unsent()}. Never blocks and never throws into the
 * request; at most {@value #MAX_REMEMBERED} reports are remembered as sent (past that, new changes are counted
 * but not sent: that many distinct changes is an upstream out of control, and the first ones are on record).
 * Thread-safe.
 */
public final class PinReporter implements AutoCloseable {

    public static final String STREAM = "pin-changes";
    static final int MAX_REMEMBERED = 100_000;
    private static final String MAX_LENGTH = "10000";
    private static final Logger LOG = Logger.getLogger(PinReporter.class);

    private final Redis client;
    private final String key;
    private final String gatewayId;
    private final Clock clock;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();

    public PinReporter(Vertx vertx, GatewaySettings.CounterStore redis, String gatewayId) {
        this.client = Redis.createClient(vertx, AnalyticsWriter.options(redis));
        this.key = redis.keyPrefix() + STREAM;
        this.gatewayId = gatewayId.length() > PinReport.MAX_GATEWAY_ID
                ? gatewayId.substring(0, PinReport.MAX_GATEWAY_ID) : gatewayId;
        this.clock = Clock.systemUTC();
    }

    /** Distinct changes (proxy, primitive, hash) this gateway saw. */
    public long changes() {
        return changes.get();
    }

    /** Changes that could not be sent (too large a definition, too many changes). */
    public long unsent() {
        return unsent.get();
    }

    /** Reports the change unless it was already; call from any thread. */
    public void report(String proxyId, PinKind kind, String name, String hash, String approvedHash,
                       ObjectNode definition, PinMode mode) {
        String once = proxyId + '\n' + kind.json() + '\n' + name + '\n' + hash;
        if (sent.contains(once)) {
            return;
        }
        if (sent.size() >= MAX_REMEMBERED) {
            unsent.incrementAndGet();
            return;
        }
        if (!sent.add(once)) {
            return;
        }
        changes.incrementAndGet();
        PinReport report = new PinReport(proxyId, kind, name, hash, approvedHash, definition, mode, gatewayId,
                clock.instant());
        List<FieldError> problems = report.validate();
        if (!problems.isEmpty()) {
            // The control plane drops a report it cannot validate and never hears of it again: say so here. It
            // stays remembered as sent, as the next list answer would make the same report.
            unsent.incrementAndGet();
            LOG.warnf("proxy %s: a changed %s cannot be reported to the control plane (%s); it is held or passed"
                    + " by this gateway's mode all the same", proxyId, kind.json(), fields(problems));
            return;
        }
        byte[] json = Json.write(report);
        client.send(Request.cmd(Command.XADD).arg(key).arg("MAXLEN").arg("~").arg(MAX_LENGTH).arg("*").arg("r")
                        .arg(json))
                .onSuccess(reply -> {
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("pin changes reach Redis again");
                    }
                })
                .onFailure(error -> {
                    sent.remove(once);
                    if (failing.compareAndSet(false, true)) {
                        LOG.warnf("cannot report pin changes to Redis (%s); retried when the upstream lists them again",
                                error.getClass().getSimpleName());
                    }
                });
    }

    /** The fields at fault, never their values (an upstream chose them). */
    private static String fields(List<FieldError> problems) {
        StringBuilder out = new StringBuilder("invalid: ");
        for (int i = 0; i < problems.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(problems.get(i).field());
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
