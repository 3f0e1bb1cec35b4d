package dev.portcullis.controlplane.gateway;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Records what gateways tell the feed: that they are alive, with which tags, and what they applied or refused. */
@ApplicationScoped
public class GatewayService {

    private final GatewayRepository gateways;
    private final ConnectedGateways connected;

    GatewayService(GatewayRepository gateways, ConnectedGateways connected) {
        this.gateways = gateways;
        this.connected = connected;
    }

    @Transactional
    public void seen(GatewayIdentity gateway) {
        if (gateway.id() != null) {
            gateways.upsertSeen(gateway.id(), gateway.sortedTags().toArray(String[]::new), Instant.now());
        }
    }

    /** Connected gateways are alive even when nothing changes; called on the stream's ping timer. */
    @Transactional
    public void stillConnected(Collection<String> gatewayIds) {
        gateways.touch(gatewayIds, Instant.now());
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
        if (!report.accepted()) {
            gateway.lastRejectionVersion = report.receivedVersion();
            gateway.lastRejectionReason = report.reason();
            gateway.lastRejectionAt = now;
        }
    }

    @Transactional
    public List<GatewayView> list() {
        return gateways.listAll(Sort.by("id")).stream()
                .map(gateway -> GatewayView.of(gateway, connected.isConnected(gateway.id))).toList();
    }
}
