package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class StreamRelayTest {

    @Test
    void judgesOnlyAJsonRpcErrorWithCodeMinus32603AsAnInternalError() {
        assertThat(isInternalError(Buffer.buffer("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"boom"}}"""))).isTrue();
        assertThat(isInternalError(Buffer.buffer("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"-32603"}}"""))).isFalse();
        assertThat(isInternalError(Buffer.buffer("""
                {"jsonrpc":"2.0","id":1,"result":{"text":"-32603"}}"""))).isFalse();
        assertThat(isInternalError(Buffer.buffer("not json -32603"))).isFalse();
    }

    /** How the relay judges a JSON body it relays for a breaker (any id: the answer to a notification counts too). */
    private static boolean isInternalError(Buffer body) {
        AnswerSniffer sniffer = AnswerSniffer.of(false, null, answer -> {
        });
        sniffer.feed(body);
        sniffer.close();
        return sniffer.answer() != null && sniffer.answer().isInternalError();
    }

    @Test
    void knowsWhenAStreamStandsBetweenTwoEvents() {
        assertThat(StreamRelay.endsBetweenEvents(Buffer.buffer("data: {}\n\n"))).isTrue();
        assertThat(StreamRelay.endsBetweenEvents(Buffer.buffer("data: {}\r\n\r\n"))).isTrue();
        assertThat(StreamRelay.endsBetweenEvents(Buffer.buffer("data: {}\r\r"))).isTrue();
        assertThat(StreamRelay.endsBetweenEvents(Buffer.buffer("data: {}\n"))).isFalse();
        assertThat(StreamRelay.endsBetweenEvents(Buffer.buffer("data: {\"a\""))).isFalse();
    }

    @Test
    void knowsWhenAStreamStandsBetweenTwoEventsWhenTheBlankLineIsSplitAcrossChunks() {
        assertThat(StreamRelay.betweenEvents(written("data: {}\n", "\n"))).isTrue();
        assertThat(StreamRelay.betweenEvents(written("data: {}\r\n", "\r\n"))).isTrue();
        assertThat(StreamRelay.betweenEvents(written("data: {}\r\n\r", "\n"))).isTrue();
        assertThat(StreamRelay.betweenEvents(written("data: {}\n\n", "data"))).isFalse();
        assertThat(StreamRelay.betweenEvents(written("data: {}\n\n", ": ping\n"))).isFalse();
        assertThat(StreamRelay.betweenEvents(written("data: {}", "\r\n"))).isFalse();
    }

    @Test
    void aStreamWithNothingWrittenYetStandsBetweenEvents() {
        assertThat(StreamRelay.betweenEvents(written())).isTrue();
    }

    /** The tail the relay keeps after writing {@code chunks} in order. */
    private static int written(String... chunks) {
        int tail = StreamRelay.NOTHING_WRITTEN;
        for (String chunk : chunks) {
            tail = StreamRelay.tail(tail, Buffer.buffer(chunk));
        }
        return tail;
    }
}
