package dev.portcullis.controlplane.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which gateways hold a snapshot stream open to this control-plane instance right now. In memory on purpose:
 * a connection lives and dies with this process.
 */
@ApplicationScoped
public class ConnectedGateways {

    private final ConcurrentHashMap<String, Integer> streams = new ConcurrentHashMap<>();

    public void opened(String gatewayId) {
        streams.merge(gatewayId, 1, Integer::sum);
    }

    public void closed(String gatewayId) {
        streams.computeIfPresent(gatewayId, (id, count) -> count <= 1 ? null : count - 1);
    }

    public boolean isConnected(String gatewayId) {
        return streams.containsKey(gatewayId);
    }
}
