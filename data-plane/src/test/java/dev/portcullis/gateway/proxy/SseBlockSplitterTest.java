package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseBlockSplitterTest {

    private final List<String> blocks = new ArrayList<>();
    private int overflows;

    private SseBlockSplitter splitter(int max) {
        return new SseBlockSplitter(max, block -> blocks.add(block.toString(StandardCharsets.UTF_8)),
                () -> overflows++);
    }

    @Test
    void cutsRawBlocksKeepingEveryByte() {
        String stream = ": ping\n\nid: 1\ndata: {\"a\":1}\n\nevent: message\r\ndata: x\r\n\r\n";
        SseBlockSplitter splitter = splitter(1024);

        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            splitter.feed(Buffer.buffer(new byte[] {b}));
        }
        splitter.finish();

        assertThat(String.join("", blocks)).isEqualTo(stream);
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        assertThat(blocks.get(1)).isEqualTo("id: 1\ndata: {\"a\":1}\n\n");
    }

    @Test
    void parsesTheFieldsOfABlock() {
        SseBlockSplitter.Fields fields = SseBlockSplitter.parse(
                Buffer.buffer(": comment\r\nevent: message\r\nid: 7\r\ndata: {\"a\":\r\ndata:1}\r\n\r\n"));

        assertThat(fields.event()).isEqualTo("message");
        assertThat(fields.id()).isEqualTo("7");
        assertThat(fields.data()).isEqualTo("{\"a\":\n1}");
        assertThat(SseBlockSplitter.parse(Buffer.buffer(": ping\n\n")).data()).isNull();
    }

    @Test
    void handsOverATrailingBlockWithoutItsBlankLine() {
        SseBlockSplitter splitter = splitter(1024);

        splitter.feed(Buffer.buffer("data: 1\n\ndata: 2\n"));
        splitter.finish();

        assertThat(blocks).containsExactly("data: 1\n\n", "data: 2\n");
    }

    @Test
    void stopsAtAnOversizedBlockWithoutBufferingIt() {
        SseBlockSplitter splitter = splitter(16);

        splitter.feed(Buffer.buffer("data: 1\n\ndata: " + "x".repeat(100) + "\n\ndata: 3\n\n"));
        splitter.finish();

        assertThat(blocks).containsExactly("data: 1\n\n");
        assertThat(overflows).isEqualTo(1);
    }
}
