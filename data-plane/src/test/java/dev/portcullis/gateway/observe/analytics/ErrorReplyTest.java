package dev.portcullis.gateway.observe.analytics;

import io.vertx.core.VertxException;
import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorReplyTest {

    @Test
    void tellsAnErrorReplyFromAnIoFailure() {
        assertThat(ErrorReply.of(new IOException("Connection reset by peer"))).isNull();
        assertThat(ErrorReply.of(new VertxException("Connection is closed", true))).isNull();
        assertThat(ErrorReply.of(ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value")))
                .isEqualTo(new ErrorReply("WRONGTYPE",
                        "WRONGTYPE Operation against a key holding the wrong kind of value", false));
    }

    @Test
    void takesTheClientsConnectionClosedForAnIoFailureAloneOrInABatch() {
        assertThat(ErrorReply.of(ErrorType.create("CONNECTION_CLOSED"))).isNull();
        assertThat(ErrorReply.of(ErrorType.create("ERR [0] CONNECTION_CLOSED" + System.lineSeparator()
                + "ERR [1] CONNECTION_CLOSED"))).isNull();
    }

    @Test
    void retriesOnlyTheKindsThatPassOnTheirOwn() {
        assertThat(ErrorReply.of(ErrorType.create("LOADING Redis is loading the dataset in memory")).retryable())
                .isTrue();
        assertThat(ErrorReply.of(ErrorType.create("OOM command not allowed when used memory > 'maxmemory'."))
                .retryable()).isTrue();
        assertThat(ErrorReply.of(ErrorType.create("BUSY Redis is busy running a script.")).retryable()).isTrue();
        assertThat(ErrorReply.of(ErrorType.create("NOPERM User gw has no permissions")).retryable()).isFalse();
        assertThat(ErrorReply.of(ErrorType.create("ERR wrong number of arguments")).retryable()).isFalse();
    }

    @Test
    void callsAReplyWithoutAnUppercaseFirstWordErrAndBoundsItsMessage() {
        ErrorReply reply = ErrorReply.of(ErrorType.create("something odd " + "x".repeat(500)));

        assertThat(reply.kind()).isEqualTo("ERR");
        assertThat(reply.message()).hasSize(200);
        assertThat(reply.retryable()).isFalse();
    }
}
