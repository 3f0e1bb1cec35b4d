package dev.portcullis.model.analytics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordBoundsTest {

    @Test
    void keepsAValueWithinItsBoundAsItIs() {
        String name = "t".repeat(RecordBounds.PRIMITIVE_NAME);

        assertThat(RecordBounds.exceeds(name, RecordBounds.PRIMITIVE_NAME)).isFalse();
        assertThat(RecordBounds.cut(name, RecordBounds.PRIMITIVE_NAME)).isSameAs(name);
        assertThat(RecordBounds.cut(null, RecordBounds.PRIMITIVE_NAME)).isNull();
    }

    @Test
    void cutsALongerValueToItsBound() {
        String name = "t".repeat(20_000);

        assertThat(RecordBounds.exceeds(name, RecordBounds.PRIMITIVE_NAME)).isTrue();
        assertThat(RecordBounds.cut(name, RecordBounds.PRIMITIVE_NAME)).hasSize(RecordBounds.PRIMITIVE_NAME);
    }

    @Test
    void countsCharactersNotUtf16UnitsAndNeverSplitsAPair() {
        String emoji = "\uD83D\uDE00";
        String withinBound = emoji.repeat(3);
        String beyond = "ab" + emoji + emoji;

        assertThat(RecordBounds.exceeds(withinBound, 3)).isFalse();
        assertThat(RecordBounds.cut(withinBound, 3)).isEqualTo(withinBound);
        assertThat(RecordBounds.cut(beyond, 3)).isEqualTo("ab" + emoji);
    }

    @Test
    void replacesNulCharactersPostgresCannotStore() {
        assertThat(RecordBounds.cut("bad\0tool", 256)).isEqualTo("bad\uFFFDtool");
    }
}
