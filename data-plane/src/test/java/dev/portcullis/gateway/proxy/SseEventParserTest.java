package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> overflows = new ArrayList<>();
    private final SseEventParser parser = new SseEventParser(events::add, 64, () -> overflows.add("overflow"));

    @Test
    void emitsEventsAtTheirBlankLineSkippingComments() {
        parser.feed(Buffer.buffer(": ping\n\nevent: snapshot\ndata: {\"a\":1}\n\ndata: line1\ndata: line2\nid: 7\n\n"));

        assertThat(events).containsExactly(
                new SseEvent("snapshot", "{\"a\":1}", null),
                new SseEvent("message", "line1\nline2", "7"));
    }

    @Test
    void handlesChunksCutAnywhereIncludingInsideUtf8AndCrLf() {
        byte[] bytes = "event: snapshot\r\ndata: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(Buffer.buffer(new byte[] {b}));
        }

        assertThat(events).containsExactly(new SseEvent("snapshot", "caf\u00e9", null));
    }

    @Test
    void givesUpOnceAnEventGrowsPastTheLimitWithoutBufferingIt() {
        parser.feed(Buffer.buffer("event: snapshot\ndata: " + "x".repeat(40) + "\n\n"));
        parser.feed(Buffer.buffer("event: snapshot\ndata: " + "y".repeat(100)));
        parser.feed(Buffer.buffer("\n\nevent: snapshot\ndata: z\n\n"));

        assertThat(events).containsExactly(new SseEvent("snapshot", "x".repeat(40), null));
        assertThat(overflows).containsExactly("overflow");
    }

    @Test
    void countsEachEventAgainstTheLimitSeparately() {
        for (int i = 0; i < 5; i++) {
            parser.feed(Buffer.buffer("event: snapshot\ndata: " + "x".repeat(30) + "\n\n"));
        }

        assertThat(events).hasSize(5);
        assertThat(overflows).isEmpty();
    }
}
