package dev.portcullis.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * MCP servers from npm, run with node from the repository's node folder (the official SDKs and server-everything,
 * pinned in its package-lock.json), installed with {@code npm ci} on first use.
 */
public final class NodeProcesses {

    private static final Path FOLDER = Path.of("src/test/node");

    private NodeProcesses() {
    }

    /** A server process and the base URL it listens on. */
    public record Started(Process process, String baseUrl) {
    }

    /** The MCP reference server (server-everything) over Streamable HTTP on 127.0.0.1 and a free port. */
    public static Started everythingServer() throws Exception {
        install();
        Process process = new ProcessBuilder("node", "everything-server.mjs").directory(FOLDER.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader lines = process.inputReader(StandardCharsets.UTF_8);
        try {
            String port = CompletableFuture.supplyAsync(() -> lines.lines()
                            .filter(line -> line.startsWith("{\"port\""))
                            .map(line -> {
                                try {
                                    return new ObjectMapper().readTree(line).path("port").asText();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            })
                            .findFirst().orElseThrow())
                    .get(60, TimeUnit.SECONDS);
            Thread drain = new Thread(() -> lines.lines().forEach(line -> { }), "everything-stdout");
            drain.setDaemon(true);
            drain.start();
            return new Started(process, "http://127.0.0.1:" + port);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static synchronized void install() throws Exception {
        if (Files.isDirectory(FOLDER.resolve("node_modules/@modelcontextprotocol/server-everything"))) {
            return;
        }
        Path log = Files.createTempFile("node-npm-ci", ".log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(FOLDER.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm ci in %s finished", FOLDER).isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s:%n%s", FOLDER, Files.readString(log)).isZero();
    }
}
