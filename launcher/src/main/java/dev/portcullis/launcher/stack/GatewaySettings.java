package dev.portcullis.launcher.stack;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to run one gateway of a stack.
 *
 * @param port           agent port; 0 picks a free one when the stack is built
 * @param managementPort Quarkus HTTP port (health, metrics); 0 picks a free one
 * @param environment    extra variables for this gateway only (override the stack's)
 */
public record GatewaySettings(String id, Set<String> tags, int port, int managementPort,
                              Map<String, String> environment) {

    public GatewaySettings {
        Objects.requireNonNull(id, "id");
        tags = Set.copyOf(tags);
        environment = Map.copyOf(environment);
    }

    /** An untagged gateway on free ports. */
    public static GatewaySettings of(String id) {
        return new GatewaySettings(id, Set.of(), 0, 0, Map.of());
    }

    public GatewaySettings withTags(String... newTags) {
        return new GatewaySettings(id, Set.of(newTags), port, managementPort, environment);
    }

    public GatewaySettings withPorts(int newPort, int newManagementPort) {
        return new GatewaySettings(id, tags, newPort, newManagementPort, environment);
    }

    public GatewaySettings withEnvironment(Map<String, String> newEnvironment) {
        return new GatewaySettings(id, tags, port, managementPort, newEnvironment);
    }
}
