package dev.portcullis.gateway.observe.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";

    @Test
    void parsesAVersion00Value() {
        TraceParent parent = TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-01");

        assertThat(parent).isEqualTo(new TraceParent(TRACE_ID, PARENT_ID, true));
    }

    @Test
    void readsTheSampledBitOfTheFlags() {
        assertThat(TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-00").sampled()).isFalse();
        assertThat(TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-03").sampled()).isTrue();
        assertThat(TraceParent.parse("00-" + TRACE_ID + "-" + PARENT_ID + "-02").sampled()).isFalse();
    }

    @Test
    void acceptsAHigherVersionWithMoreFields() {
        assertThat(TraceParent.parse("01-" + TRACE_ID + "-" + PARENT_ID + "-01-future").traceId()).isEqualTo(TRACE_ID);
        assertThat(TraceParent.parse("01-" + TRACE_ID + "-" + PARENT_ID + "-01").traceId()).isEqualTo(TRACE_ID);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz",
            "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
    void rejectsInvalidValues(String value) {
        assertThat(TraceParent.parse(value)).isNull();
    }
}
