package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.e2e.support.McpHttp;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.stack.Artifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./portcullis up} with the real products (embedded PostgreSQL and Redis): a gateway killed with SIGKILL is
 * started again and serves the demo key again.
 */
class UpSupervisionIT {

    @TempDir
    Path data;

    private Process launcher;

    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        }
    }

    @Test
    void aGatewayKilledWithSigkillIsStartedAgainAndServesTheDemoKey() throws Exception {
        int gatewayPort = FreePorts.pick();
        Path output = data.resolve("up.out");
        launcher = startUp(output, gatewayPort);
        await().atMost(Duration.ofMinutes(4)).until(() -> !launcher.isAlive()
                || Files.readString(output).contains("Press Ctrl-C to stop."));
        assertThat(Files.readString(output)).as("launcher output").contains("Press Ctrl-C to stop.");
        String key = Files.readAllLines(data.resolve("credentials.properties")).stream()
                .filter(line -> line.startsWith("demo.key=")).findFirst().orElseThrow().substring("demo.key=".length());
        String mcpUrl = "http://127.0.0.1:" + gatewayPort + "/mock-mcp/mcp";
        assertThat(McpHttp.post(mcpUrl, McpHttp.INITIALIZE, McpHttp.bearer(key)).status()).isEqualTo(200);
        Path pidFile = data.resolve("logs/gateway-gateway-1.pid");
        long gateway = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());

        new ProcessBuilder("kill", "-9", Long.toString(gateway)).inheritIO().start().waitFor();

        await().atMost(Duration.ofMinutes(3)).until(() -> Files.readString(output)
                .contains("gateway gateway-1 is running again"));
        assertThat(Files.readString(output)).contains("gateway gateway-1 exited (code 137); restarting (1/3 in the"
                + " last minute); log: " + data.resolve("logs/gateway-gateway-1.log"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                McpHttp.post(mcpUrl, McpHttp.INITIALIZE, McpHttp.bearer(key)).status() == 200);
        assertThat(ProcessHandle.of(gateway).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        launcher.destroy();
        assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isZero();
    }

    private Process startUp(Path output, int gatewayPort) throws IOException {
        Path root = Artifacts.findRepositoryRoot();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dportcullis.root=" + root, "-cp", System.getProperty("java.class.path"),
                "dev.portcullis.launcher.Main", "up"))
                .directory(data.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PORTCULLIS_") || name.startsWith("MOCK_MCP"));
        builder.environment().put("PORTCULLIS_UP_DATA_DIR", data.toString());
        builder.environment().put("PORTCULLIS_CP_PORT", Integer.toString(FreePorts.pick()));
        builder.environment().put("PORTCULLIS_GATEWAY_PORT", Integer.toString(gatewayPort));
        builder.environment().put("PORTCULLIS_GATEWAY_MANAGEMENT_PORT", Integer.toString(FreePorts.pick()));
        builder.environment().put("MOCK_MCP_PORT", Integer.toString(FreePorts.pick()));
        return builder.start();
    }
}
