package dev.portcullis.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the dashboard's browser test files ({@code src/test/browser/*.spec.mjs}: headless Debian chromium driven by
 * playwright-core, pinned in that folder's package-lock.json) with node, one process per file. Installs
 * playwright-core with {@code npm ci} on first use, so {@code ./mvnw verify} works on a fresh checkout; Chromium
 * itself must come from Debian ({@code apt-get install chromium}; {@code .ci/run} does it), never downloaded.
 */
public final class BrowserSpecs {

    private static final Path FOLDER = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private BrowserSpecs() {
    }

    /**
     * Runs {@code spec} with {@code environment} and returns its output, after checking that it finished within 5
     * minutes, exited with 0 and reported every one of its tests passed.
     */
    public static String run(String spec, Map<String, String> environment) throws IOException, InterruptedException {
        assertThat(CHROMIUM).as("Debian's chromium runs the browser tests: apt-get install -y chromium").exists();
        install();
        Path output = Files.createTempFile("browser-" + spec, ".log");
        ProcessBuilder node = new ProcessBuilder("node", spec)
                .directory(FOLDER.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        node.environment().putAll(environment);
        node.environment().put("SCREENSHOT_DIR", Path.of("target/screenshots").toAbsolutePath().toString());
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(finished).as("%s finished within 5 minutes:%n%s", spec, log).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", spec, log).isZero();
        assertThat(log).as(spec).containsPattern("(\\d+)/\\1 ([a-z]+ )?browser tests passed");
        return log;
    }

    /** {@code npm ci} in the browser test folder, once, when playwright-core or esbuild is not installed there yet. */
    private static synchronized void install() throws IOException, InterruptedException {
        if (Files.isRegularFile(FOLDER.resolve("node_modules/playwright-core/package.json"))
                && Files.isRegularFile(FOLDER.resolve("node_modules/esbuild/package.json"))) {
            return;
        }
        Path log = Files.createTempFile("browser-npm-ci", ".log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(FOLDER.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm ci in %s finished", FOLDER).isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s:%n%s", FOLDER, Files.readString(log)).isZero();
    }
}
