package dev.portcullis.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptHeaderTest {

    @Test
    void readsBothMcpMediaTypesWithParametersAndWildcards() {
        assertThat(AcceptHeader.parse("application/json, text/event-stream"))
                .isEqualTo(new AcceptHeader(true, true));
        assertThat(AcceptHeader.parse("text/event-stream;q=0.9")).isEqualTo(new AcceptHeader(false, true));
        assertThat(AcceptHeader.parse("*/*")).isEqualTo(new AcceptHeader(true, true));
        assertThat(AcceptHeader.parse("Application/JSON")).isEqualTo(new AcceptHeader(true, false));
    }

    @Test
    void treatsAMissingHeaderAsJsonOnlyAndAnUnrelatedOneAsNothing() {
        assertThat(AcceptHeader.parse(null)).isEqualTo(new AcceptHeader(true, false));
        assertThat(AcceptHeader.parse("text/html").acceptsAny()).isFalse();
    }
}
