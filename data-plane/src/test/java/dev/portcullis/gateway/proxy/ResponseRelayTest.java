package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ResponseRelayTest {

    @Test
    void knowsAFrameThatEndsBetweenTwoEvents() {
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\n\n"))).isTrue();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\r\n\r\n"))).isTrue();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\r\r"))).isTrue();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\n"))).isFalse();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {\"a\""))).isFalse();
    }

    @Test
    void knowsAFrameThatEndsBetweenTwoEventsWithMixedLineEnds() {
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\r\n\n"))).isTrue();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\n\r\n"))).isTrue();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\n\r"))).isTrue();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\r\n"))).isFalse();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\r"))).isFalse();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}"))).isFalse();
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer(""))).isFalse();
    }

    @Test
    void aFrameCutBetweenTheCrAndLfOfItsBlankLineEndsBetweenEvents() {
        // The framer hands on an event at the CR of its CRLF blank line when the LF has not come yet.
        assertThat(ResponseRelay.endsBetweenEvents(Buffer.buffer("data: {}\r\n\r"))).isTrue();
    }

    @Test
    void onlyASaneUpstreamEventIdIsKeptForResumption() {
        assertThat(ResponseRelay.usableEventId("g12")).isTrue();
        assertThat(ResponseRelay.usableEventId("x".repeat(ResponseRelay.MAX_EVENT_ID))).isTrue();
        assertThat(ResponseRelay.usableEventId("")).isFalse();
        assertThat(ResponseRelay.usableEventId("x".repeat(ResponseRelay.MAX_EVENT_ID + 1))).isFalse();
        assertThat(ResponseRelay.usableEventId("a\rb")).isFalse();
        assertThat(ResponseRelay.usableEventId("caf\u00e9")).isFalse();
    }
}
