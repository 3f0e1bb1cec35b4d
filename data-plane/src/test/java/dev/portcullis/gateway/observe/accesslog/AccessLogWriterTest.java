package dev.portcullis.gateway.observe.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.observe.TestRecords;
import dev.portcullis.model.analytics.AnalyticsRecord;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {

    @TempDir
    Path dir;

    @Test
    void appendsOneLinePerRecordToAFileAndFlushesOnClose() throws Exception {
        Path file = dir.resolve("logs/access.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "earlier line\n");
        AccessLogWriter writer = AccessLogDestination.parse(file.toString()).open();

        writer.offer(TestRecords.toolCall("mock", "a"));
        writer.offer(TestRecords.toolCall("mock", "b"));
        writer.close();

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3)
                .first().isEqualTo("earlier line");
        assertThat(Files.readAllLines(file).get(2)).contains("\"mcp_primitive_name\":\"b\"");
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void dropsAndCountsWhenTheQueueIsFull() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream blocking = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (sink) {
                    sink.write(bytes, offset, length);
                }
            }
        };
        AccessLogWriter writer = new AccessLogWriter(blocking, false, 2, 4_096);
        writer.offer(TestRecords.toolCall("mock", "first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> writing.getCount() == 0);

        boolean second = writer.offer(TestRecords.toolCall("mock", "second"));
        boolean third = writer.offer(TestRecords.toolCall("mock", "third"));
        boolean fourth = writer.offer(TestRecords.toolCall("mock", "fourth"));
        release.countDown();
        writer.close();

        assertThat(second).isTrue();
        assertThat(third).isTrue();
        assertThat(fourth).isFalse();
        assertThat(writer.dropped()).isEqualTo(1);
        assertThat(sink.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
        assertThat(writer.offer(TestRecords.toolCall("mock", "after close"))).isFalse();
    }

    @Test
    void writesALargeBatchAsWholeLinesWithOneWriteCallPerChunkOfAtMostTheLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<byte[]> writes = Collections.synchronizedList(new ArrayList<>());
        OutputStream recording = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                writes.add(Arrays.copyOfRange(bytes, offset, offset + length));
            }
        };
        AccessLogWriter writer = new AccessLogWriter(recording, false, 10_000, 4_096);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            AnalyticsRecord record = TestRecords.toolCall("mock", "tool-" + i + "-" + "x".repeat(i % 97));
            expected.add(AccessLogLine.of(record));
            assertThat(writer.offer(record)).isTrue();
        }
        String huge = "y".repeat(10_000);
        expected.add(AccessLogLine.of(TestRecords.toolCall("mock", huge)));
        writer.offer(TestRecords.toolCall("mock", huge));

        release.countDown();
        writer.close();

        StringBuilder all = new StringBuilder();
        for (byte[] write : writes) {
            String text = new String(write, StandardCharsets.UTF_8);
            assertThat(text).endsWith("\n");
            assertThat(write.length <= 4_096 || text.indexOf('\n') == text.length() - 1)
                    .as("a write over the limit holds one line").isTrue();
            all.append(text);
        }
        assertThat(all.toString().lines().toList()).containsExactlyElementsOf(expected);
        assertThat(writes).anySatisfy(write -> assertThat(new String(write, StandardCharsets.UTF_8).lines())
                .hasSizeGreaterThan(1));
        assertThat(writes.size()).isLessThan(expected.size());
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void choosesLargeWritesForAStandardOutputThatIsARegularFileAndPipeSizedOnesElsewhere() throws Exception {
        Path logFile = Files.writeString(dir.resolve("gateway.log"), "");
        Path stdout = Files.createSymbolicLink(dir.resolve("fd-1"), logFile); // as /proc/self/fd/1 shows it
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThat(AccessLogDestination.stdoutMaxWrite(stdout)).isEqualTo(AccessLogDestination.FILE_MAX_WRITE);
        assertThat(AccessLogDestination.stdoutMaxWrite(fifo)).isEqualTo(AccessLogDestination.STDOUT_MAX_WRITE);
        assertThat(AccessLogDestination.stdoutMaxWrite(Path.of("/dev/null")))
                .isEqualTo(AccessLogDestination.STDOUT_MAX_WRITE);
        assertThat(AccessLogDestination.stdoutMaxWrite(dir.resolve("missing")))
                .isEqualTo(AccessLogDestination.STDOUT_MAX_WRITE);
    }

    @Test
    void theGatewaysStandardOutputGetsLargeWritesWhenItIsAFileAndPipeSizedOnesWhenItIsAPipe() throws Exception {
        Path logFile = dir.resolve("gateway.log");
        assertThat(probeStdout(ProcessBuilder.Redirect.appendTo(logFile.toFile())))
                .isEqualTo("maxWriteBytes=" + AccessLogDestination.FILE_MAX_WRITE);
        assertThat(probeStdout(ProcessBuilder.Redirect.PIPE))
                .isEqualTo("maxWriteBytes=" + AccessLogDestination.STDOUT_MAX_WRITE);
    }

    /** What {@link StdoutAccessLogProbe} says, run in a JVM of its own with its standard output to {@code stdout}. */
    private static String probeStdout(ProcessBuilder.Redirect stdout) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StdoutAccessLogProbe.class.getName())
                .redirectOutput(stdout).start();
        probe.getOutputStream().close();
        String said = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        probe.getInputStream().readAllBytes();
        assertThat(probe.waitFor()).as(said).isZero();
        return said.lines().filter(line -> line.startsWith("maxWriteBytes=")).findFirst().orElse(said);
    }

    @Test
    void parsesTheSetting() {
        assertThat(AccessLogDestination.parse("")).isInstanceOf(AccessLogDestination.Stdout.class);
        assertThat(AccessLogDestination.parse("STDOUT")).isInstanceOf(AccessLogDestination.Stdout.class);
        assertThat(AccessLogDestination.parse("off")).isInstanceOf(AccessLogDestination.Off.class);
        assertThat(AccessLogDestination.parse("/var/log/portcullis/access.log"))
                .isEqualTo(new AccessLogDestination.ToFile(Path.of("/var/log/portcullis/access.log")));
    }
}
