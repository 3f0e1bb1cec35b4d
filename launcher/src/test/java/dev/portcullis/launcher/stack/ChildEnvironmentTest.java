package dev.portcullis.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildEnvironmentTest {

    private static final String GATEWAY_TOKEN = "pcg_the-gateway-token";
    private static final String ADMIN_TOKEN = "pca_the-admin-token";
    private static final Map<String, String> LAUNCHER_ENVIRONMENT = Map.of(
            "PATH", "/usr/bin", "HOME", "/home/me", "LC_ALL", "C.UTF-8",
            "PORTCULLIS_GATEWAY_TOKEN", "pcg_from-the-users-shell",
            "PORTCULLIS_DB_PASSWORD", "from-the-users-shell",
            "AWS_SECRET_ACCESS_KEY", "not-for-children",
            "QUARKUS_HTTP_PORT", "1234");

    @TempDir
    Path directory;

    @Test
    void theMockGetsItsPortAndBindAddressAndNoPortcullisSecret() {
        PortcullisStack stack = stack();

        Map<String, String> mock = stack.mock().processSpec().environmentOver(LAUNCHER_ENVIRONMENT);

        assertThat(mock).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("HOME", "/home/me"),
                Map.entry("LC_ALL", "C.UTF-8"), Map.entry("PORTCULLIS_BIND_HOST", "127.0.0.1"),
                Map.entry("MOCK_MCP_PORT", "7001"));
        assertThat(mock.values()).doesNotContain(GATEWAY_TOKEN, ADMIN_TOKEN, "redis://127.0.0.1:7009");
    }

    @Test
    void theGatewayGetsItsOwnSettingsButNotTheControlPlanesSecrets() {
        PortcullisStack stack = stack();

        Map<String, String> gateway = stack.gateway("gw-1").processSpec().environmentOver(LAUNCHER_ENVIRONMENT);

        assertThat(gateway).containsEntry("PORTCULLIS_GATEWAY_TOKEN", GATEWAY_TOKEN)
                .containsEntry("PORTCULLIS_REDIS_URL", "redis://127.0.0.1:7009")
                .containsEntry("PORTCULLIS_GATEWAY_ID", "gw-1")
                .containsEntry("PORTCULLIS_CONTROL_PLANE_URL", "http://127.0.0.1:7002")
                .doesNotContainKeys("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN", "PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD",
                        "PORTCULLIS_DB_URL", "PORTCULLIS_DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "QUARKUS_HTTP_PORT");
    }

    @Test
    void theControlPlaneGetsItsDatabaseAndBootstrapCredentialsAndNothingFromTheUsersShell() {
        PortcullisStack stack = stack();

        Map<String, String> controlPlane = stack.controlPlane().processSpec().environmentOver(LAUNCHER_ENVIRONMENT);

        assertThat(controlPlane).containsEntry("PORTCULLIS_GATEWAY_TOKEN", GATEWAY_TOKEN)
                .containsEntry("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN", ADMIN_TOKEN)
                .containsEntry("PORTCULLIS_DB_URL", "jdbc:postgresql://127.0.0.1:7008/portcullis")
                .containsEntry("PORTCULLIS_DB_PASSWORD", "")
                .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "QUARKUS_HTTP_PORT", "PORTCULLIS_GATEWAY_ID");
    }

    private PortcullisStack stack() {
        Path jar = directory.resolve("product.jar");
        return PortcullisStack.builder()
                .dataDirectory(directory)
                .artifacts(new Artifacts(jar, jar, jar))
                .mockPort(7001)
                .controlPlanePort(7002)
                .database("jdbc:postgresql://127.0.0.1:7008/portcullis", "postgres", "")
                .redisUrl("redis://127.0.0.1:7009")
                .adminToken(ADMIN_TOKEN)
                .gatewayToken(GATEWAY_TOKEN)
                .gateway(GatewaySettings.of("gw-1").withPorts(7003, 7004))
                .build();
    }
}
