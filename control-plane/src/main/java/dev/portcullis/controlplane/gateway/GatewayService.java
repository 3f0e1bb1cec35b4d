package dev.portcullis.controlplane.gateway;

import dev.portcullis.controlplane.common.PortcullisConfig;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Records what gateways tell the feed: that they are alive, with which tags, and what they applied or refused. All
 * of it is in the database, so every replica answers the same.
 */
@ApplicationScoped
public class GatewayService {

    /** Ping ticks a stream row may miss before its gateway counts as disconnected (its replica stopped). */
    private static final int MISSED_TICKS = 3;

    private final GatewayRepository gateways;
    private final ConnectedGateways connected;
    private final Duration streamStaleAfter;

    GatewayService(GatewayRepository gateways, ConnectedGateways connected, PortcullisConfig config) {
        this.gateways = gateways;
        this.connected = connected;
        this.streamStaleAfter = config.feed().pingInterval().multipliedBy(MISSED_TICKS);
    }

    @Transactional
    public void seen(GatewayIdentity gateway) {
        if (gateway.id() != null) {
            gateways.upsertSeen(gateway.id(), gateway.sortedTags().toArray(String[]::new), Instant.now());
        }
    }

    /** The gateway opened a snapshot stream to this replica: seen now, and connected for every replica. */
    @Transactional
    public void streamOpened(GatewayIdentity gateway) {
        Instant now = Instant.now();
        gateways.upsertSeen(gateway.id(), gateway.sortedTags().toArray(String[]::new), now);
        gateways.streamOpened(gateway.id(), connected.replicaId(), now);
    }

    /** The gateway's last stream to this replica closed. */
    @Transactional
    public void streamClosed(String gatewayId) {
        gateways.streamClosed(gatewayId, connected.replicaId());
    }

    /**
     * Connected gateways are alive even when nothing changes; called on the stream's ping timer with the gateways
     * streaming from this replica (possibly none), whose stream rows it refreshes.
     */
    @Transactional
    public void stillConnected(Collection<String> gatewayIds) {
        Instant now = Instant.now();
        if (!gatewayIds.isEmpty()) {
            gateways.touch(gatewayIds, now);
        }
        gateways.refreshStreams(connected.replicaId(), gatewayIds, now);
    }

    /** A late report (reports may be retried or overtaken) never moves {@code appliedVersion} backwards. */
    @Transactional
    public void report(GatewayReport report) {
        Instant now = Instant.now();
        GatewayIdentity identity = report.gateway();
        gateways.upsertSeen(identity.id(), identity.sortedTags().toArray(String[]::new), now);
        Gateway gateway = gateways.findById(identity.id());
        if (report.appliedVersion() != null
                && (gateway.appliedVersion == null || report.appliedVersion() > gateway.appliedVersion)) {
            gateway.appliedVersion = report.appliedVersion();
        }
        if (report.appliedVersion() != null) {
            connected.applied(identity.id(), report.appliedVersion());
        }
        if (!report.accepted()) {
            gateway.lastRejectionVersion = report.receivedVersion();
            gateway.lastRejectionReason = report.reason();
            gateway.lastRejectionAt = now;
        }
    }

    @Transactional
    public List<GatewayView> list() {
        Set<String> streaming = gateways.streaming(Instant.now().minus(streamStaleAfter));
        return gateways.listAll(Sort.by("id")).stream()
                .map(gateway -> GatewayView.of(gateway, streaming.contains(gateway.id))).toList();
    }
}
