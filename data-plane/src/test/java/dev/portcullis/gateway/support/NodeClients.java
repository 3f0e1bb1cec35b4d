package dev.portcullis.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The official TypeScript MCP SDK clients of e2e-tests/src/test/node, run with node by the integration tests. */
public final class NodeClients {

    public static final Path NODE_DIR = Path.of("..", "e2e-tests", "src", "test", "node");

    private NodeClients() {
    }

    /** True when {@code node} runs on this machine. */
    public static boolean nodeAvailable() {
        return commandWorks("node", "--version");
    }

    /** Runs {@code npm ci} in the node folder when the SDKs (1.x, and the 2.x client and server) are not installed yet. */
    public static void installDependencies() throws Exception {
        if (Files.isDirectory(NODE_DIR.resolve("node_modules/@modelcontextprotocol/sdk"))
                && Files.isDirectory(NODE_DIR.resolve("node_modules/@modelcontextprotocol/client"))
                && Files.isDirectory(NODE_DIR.resolve("node_modules/@modelcontextprotocol/server"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
        assertThat(npm.exitValue()).as("npm ci exit code").isZero();
    }

    /**
     * Runs {@code node <script> <args...>} in the node folder and returns the last line it printed (the scripts
     * print their outcome as one JSON line), or null when it printed nothing; waits at most 60 s.
     */
    public static String lastLine(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process client = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return CompletableFuture.supplyAsync(() -> client.inputReader(StandardCharsets.UTF_8).lines()
                    .reduce((first, second) -> second).orElse(null)).get(60, TimeUnit.SECONDS);
        } finally {
            client.destroyForcibly();
        }
    }

    /**
     * The port a server started with node printed once it listens: on the first line starting with {@code marker},
     * as {@code {"port":N}} when the marker opens a JSON object, else the number after the marker. Waits 30 s.
     */
    public static int printedPort(Process server, String marker) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture.runAsync(() -> server.inputReader(StandardCharsets.UTF_8).lines().forEach(lines::add));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(marker)) {
                return marker.startsWith("{") ? Json.mapper().readTree(line).get("port").asInt()
                        : Integer.parseInt(line.substring(marker.length()).strip());
            }
        }
        throw new AssertionError("the server did not start");
    }

    private static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
