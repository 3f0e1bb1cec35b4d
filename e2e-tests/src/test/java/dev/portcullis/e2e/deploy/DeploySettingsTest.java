package dev.portcullis.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.portcullis.e2e.deploy.DeployFiles.Product;
import dev.portcullis.e2e.deploy.DeployFiles.Service;
import dev.portcullis.launcher.stack.Artifacts;
import dev.portcullis.mock.MockMcpOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every variable {@code deploy/compose.yaml} and the Kubernetes manifests set for a Portcullis process is one that
 * process reads ({@link PlaneSettings}: found in its code), and every setting it cannot start without is set.
 * {@code kubectl kustomize deploy/kubernetes} must render the manifests when kubectl is installed.
 */
class DeploySettingsTest {

    private static final Path ROOT = Artifacts.findRepositoryRoot();
    private static final Path DEPLOY = ROOT.resolve("deploy");

    /**
     * Settings that are optional to the configuration classes but that a replicated, production installation
     * cannot do without: the key material (inline or as a file; generating it is for a single node only), the
     * gateway token both planes must share, and the public key a gateway verifies snapshots with. Each entry lists
     * the alternatives, one of which must be set.
     */
    private static final Map<Product, List<Set<String>>> ONE_OF = Map.of(
            Product.CONTROL_PLANE, List.of(
                    Set.of("PORTCULLIS_SNAPSHOT_SIGNING_KEY", "PORTCULLIS_SNAPSHOT_SIGNING_KEY_FILE"),
                    Set.of("PORTCULLIS_MASTER_KEY", "PORTCULLIS_MASTER_KEY_FILE"),
                    Set.of("PORTCULLIS_API_TOKEN_SIGNING_KEY", "PORTCULLIS_API_TOKEN_SIGNING_KEY_FILE"),
                    Set.of("PORTCULLIS_GATEWAY_TOKEN"),
                    Set.of("PORTCULLIS_DB_URL"),
                    Set.of("PORTCULLIS_REDIS_URL")),
            Product.GATEWAY, List.of(
                    Set.of("PORTCULLIS_FEED_PUBLIC_KEY", "PORTCULLIS_FEED_PUBLIC_KEY_FILE"),
                    Set.of("PORTCULLIS_GATEWAY_TOKEN"),
                    Set.of("PORTCULLIS_CONTROL_PLANE_URL"),
                    Set.of("PORTCULLIS_REDIS_URL")),
            Product.MOCK, List.of());

    private final Map<Product, PlaneSettings> settings = Map.of(
            Product.CONTROL_PLANE, PlaneSettings.of(dev.portcullis.controlplane.common.PortcullisConfig.class),
            Product.GATEWAY, PlaneSettings.of(dev.portcullis.gateway.config.GatewayConfig.class),
            Product.MOCK, new PlaneSettings(PlaneSettings.readByMock(MockMcpOptions::fromEnvironment), Set.of()));

    @Test
    void theSettingsFoundInTheCodeIncludeTheWellKnownOnes() {
        assertThat(settings.get(Product.CONTROL_PLANE).read()).contains("PORTCULLIS_DB_URL", "PORTCULLIS_CP_PORT",
                "PORTCULLIS_CP_MANAGEMENT_PORT", "PORTCULLIS_REDIS_URL", "PORTCULLIS_MASTER_KEY_FILE",
                "PORTCULLIS_ANALYTICS_RAW_RETENTION", "PORTCULLIS_BIND_HOST");
        assertThat(settings.get(Product.GATEWAY).read()).contains("PORTCULLIS_CONTROL_PLANE_URL",
                "PORTCULLIS_GATEWAY_PORT", "PORTCULLIS_GATEWAY_MANAGEMENT_PORT", "PORTCULLIS_FEED_PUBLIC_KEY_FILE",
                "PORTCULLIS_OTEL_ENABLED", "PORTCULLIS_REDIS_URL");
        assertThat(settings.get(Product.MOCK).read()).contains("MOCK_MCP_PORT", "PORTCULLIS_BIND_HOST");
    }

    @Test
    void composeSetsOnlyVariablesTheProcessesReadAndEveryRequiredOne() {
        List<Service> services = DeployFiles.compose(DEPLOY.resolve("compose.yaml"));

        assertThat(services).extracting(Service::name).contains("control-plane-1", "control-plane-2", "gateway-1",
                "gateway-2", "mock-mcp");
        services.forEach(this::check);
    }

    @Test
    void kubernetesSetsOnlyVariablesTheProcessesReadAndEveryRequiredOne() {
        List<Service> containers = DeployFiles.kubernetes(DEPLOY.resolve("kubernetes"));

        assertThat(containers).extracting(Service::product).contains(Product.CONTROL_PLANE, Product.GATEWAY,
                Product.MOCK);
        containers.forEach(this::check);
    }

    @Test
    void kubectlKustomizeRendersTheManifests() throws Exception {
        assumeThat(onPath("kubectl")).as("kubectl installed").isTrue();
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve("kubernetes").toString())
                .redirectErrorStream(true).start();
        String output = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(kustomize.exitValue()).as(output).isZero();
        assertThat(output).contains("kind: Deployment", "name: control-plane", "name: gateway",
                "namespace: portcullis", "kind: PodDisruptionBudget");
    }

    private void check(Service service) {
        PlaneSettings plane = settings.get(service.product());
        Set<String> unknown = new TreeSet<>(service.environment().keySet());
        unknown.removeAll(plane.read());
        unknown.removeIf(DeploySettingsTest::readByTheRuntime);
        assertThat(unknown).as("variables %s sets that %s never reads", service.name(), service.product()).isEmpty();

        List<String> missing = new ArrayList<>();
        plane.required().stream().filter(variable -> !service.environment().containsKey(variable))
                .forEach(missing::add);
        for (Set<String> alternatives : ONE_OF.get(service.product())) {
            if (alternatives.stream().noneMatch(service.environment()::containsKey)) {
                missing.add(String.join(" or ", new TreeSet<>(alternatives)));
            }
        }
        assertThat(missing).as("required settings %s does not set", service.name()).isEmpty();
        assertThat(service.environment()).as("%s must not generate its keys: replicas must share them",
                service.name()).doesNotContainKey("PORTCULLIS_GENERATE_KEYS");
    }

    /** Variables the JVM or Quarkus itself reads, not the application's settings classes. */
    private static boolean readByTheRuntime(String variable) {
        return variable.equals("JDK_JAVA_OPTIONS") || variable.equals("JAVA_TOOL_OPTIONS")
                || variable.startsWith("QUARKUS_");
    }

    private static boolean onPath(String program) throws IOException {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
