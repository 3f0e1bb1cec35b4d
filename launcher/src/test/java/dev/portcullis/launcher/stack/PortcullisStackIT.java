package dev.portcullis.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.launcher.process.FixtureJar;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the stack with a stand-in jar for every product, to prove the wiring and the lifecycle. */
class PortcullisStackIT {

    @TempDir
    Path directory;

    private PortcullisStack stack;

    @BeforeEach
    void buildStack() throws IOException {
        stack = PortcullisStack.builder()
                .dataDirectory(directory.resolve("data"))
                .artifacts(new Artifacts(FixtureJar.create(directory, "control-plane"),
                        FixtureJar.create(directory, "data-plane"), FixtureJar.create(directory, "mock-mcp-server")))
                .database("jdbc:postgresql://127.0.0.1:5432/portcullis_test_x", "app", "pw")
                .redisUrl("redis://127.0.0.1:6379")
                .gateway(GatewaySettings.of("gw-a").withTags("eu", "blue"))
                .gateway(GatewaySettings.of("gw-b"))
                .env("EXTRA_FOR_ALL", "yes")
                .build();
    }

    @AfterEach
    void stopStack() {
        stack.close();
    }

    @Test
    void wiresTheControlPlaneAndGatewaysThroughTheAdrEnvironment() throws Exception {
        stack.startAll();

        Properties controlPlane = environmentOf(stack.controlPlane().baseUrl());
        assertThat(controlPlane.getProperty("PORTCULLIS_DB_URL")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/portcullis_test_x");
        assertThat(controlPlane.getProperty("PORTCULLIS_DB_USER")).isEqualTo("app");
        assertThat(controlPlane.getProperty("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN")).isEqualTo(stack.adminToken()).startsWith("pca_");
        assertThat(controlPlane.getProperty("PORTCULLIS_DATA_DIR")).isEqualTo(stack.controlPlaneDataDirectory().toString());
        assertThat(controlPlane.getProperty("PORTCULLIS_BIND_HOST")).isEqualTo("127.0.0.1");

        GatewayComponent gateway = stack.gateway("gw-a");
        Properties gatewayEnv = environmentOf(gateway.managementUrl());
        assertThat(gatewayEnv.getProperty("PORTCULLIS_CONTROL_PLANE_URL")).isEqualTo(stack.controlPlane().baseUrl());
        assertThat(gatewayEnv.getProperty("PORTCULLIS_FEED_PUBLIC_KEY_FILE")).isEqualTo(stack.feedPublicKeyFile().toString());
        assertThat(gatewayEnv.getProperty("PORTCULLIS_GATEWAY_TOKEN")).isEqualTo(stack.gatewayToken())
                .isEqualTo(controlPlane.getProperty("PORTCULLIS_GATEWAY_TOKEN"));
        assertThat(gatewayEnv.getProperty("PORTCULLIS_GATEWAY_ID")).isEqualTo("gw-a");
        assertThat(gatewayEnv.getProperty("PORTCULLIS_GATEWAY_TAGS")).isEqualTo("blue,eu");
        assertThat(gatewayEnv.getProperty("PORTCULLIS_GATEWAY_PORT")).isEqualTo(Integer.toString(gateway.port()));
        assertThat(gatewayEnv.getProperty("PORTCULLIS_REDIS_URL")).isEqualTo("redis://127.0.0.1:6379");
        assertThat(gatewayEnv.getProperty("PORTCULLIS_DATA_DIR")).isEqualTo(gateway.dataDirectory().toString());
        assertThat(gatewayEnv.getProperty("EXTRA_FOR_ALL")).isEqualTo("yes");
        assertThat(environmentOf(stack.gateway("gw-b").managementUrl()).getProperty("PORTCULLIS_DATA_DIR"))
                .isNotEqualTo(gateway.dataDirectory().toString());
        assertThat(gateway.mcpUrl("/mock-mcp/")).isEqualTo("http://127.0.0.1:" + gateway.port() + "/mock-mcp/mcp");
    }

    @Test
    void aKilledComponentRestartsOnTheSamePortWhileTheOthersKeepRunning() throws Exception {
        stack.startAll();
        String url = stack.controlPlane().baseUrl();

        stack.controlPlane().kill();

        assertThat(stack.controlPlane().isAlive()).isFalse();
        assertThat(stack.gateway("gw-a").isAlive()).isTrue();
        assertThat(stack.mock().isAlive()).isTrue();

        stack.controlPlane().start();

        assertThat(stack.controlPlane().baseUrl()).isEqualTo(url);
        assertThat(environmentOf(url).getProperty("PORTCULLIS_CP_PORT"))
                .isEqualTo(Integer.toString(stack.controlPlane().port()));
    }

    @Test
    void closeStopsEveryComponent() {
        stack.startAll();

        stack.close();

        assertThat(stack.mock().isAlive()).isFalse();
        assertThat(stack.controlPlane().isAlive()).isFalse();
        assertThat(stack.gateways()).noneMatch(GatewayComponent::isAlive);
    }

    private static Properties environmentOf(String baseUrl) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/env")).build(), HttpResponse.BodyHandlers.ofString());
        Properties properties = new Properties();
        properties.load(new StringReader(response.body().replace("\\", "\\\\")));
        return properties;
    }
}
