package dev.portcullis.controlplane.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many snapshot streams each gateway holds open to this replica. The count lives in memory (a connection lives
 * and dies with this process); whether a gateway has any stream on any replica is shared through the
 * {@code gateway_stream} table ({@link GatewayService}), keyed by {@link #replicaId()}. Thread-safe.
 */
@ApplicationScoped
public class ConnectedGateways {

    private final String replicaId = UUID.randomUUID().toString();
    private final ConcurrentHashMap<String, Integer> streams = new ConcurrentHashMap<>();

    public void opened(String gatewayId) {
        streams.merge(gatewayId, 1, Integer::sum);
    }

    /** Answers whether that was the gateway's last stream on this replica. */
    public boolean closed(String gatewayId) {
        return streams.computeIfPresent(gatewayId, (id, count) -> count <= 1 ? null : count - 1) == null;
    }

    /** This process's id in {@code gateway_stream}: random per start, so a restarted replica never reuses rows. */
    public String replicaId() {
        return replicaId;
    }
}
