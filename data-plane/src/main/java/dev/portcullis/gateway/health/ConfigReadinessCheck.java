package dev.portcullis.gateway.health;

import dev.portcullis.gateway.Gateway;
import dev.portcullis.gateway.GatewayLifecycle;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a snapshot is applied: before that every agent request would get 503. */
@Readiness
@ApplicationScoped
public class ConfigReadinessCheck implements HealthCheck {

    private final GatewayLifecycle lifecycle;

    public ConfigReadinessCheck(GatewayLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        Gateway gateway = lifecycle.gateway();
        GatewayRuntime runtime = gateway == null ? null : gateway.runtime();
        if (runtime == null) {
            return HealthCheckResponse.named("config-snapshot").down()
                    .withData("reason", "no configuration snapshot applied yet").build();
        }
        return HealthCheckResponse.named("config-snapshot").up()
                .withData("version", runtime.version())
                .withData("proxies", runtime.listenPaths().size())
                .build();
    }
}
