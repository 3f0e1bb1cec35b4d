package dev.portcullis.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    private static String written(Instant instant) {
        byte[] out = new byte[IsoInstant.MAX_LENGTH + 3];
        int length = IsoInstant.write(instant, out, 3);
        return length < 0 ? null : new String(out, 3, length, StandardCharsets.US_ASCII);
    }

    @Test
    void writesWhatInstantToStringWritesForEveryMillisecondInstantFrom1970To9999() {
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(0, 253_402_300_800_000L));
            assertThat(written(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void writesTheEdgesOfDaysMonthsAndLeapYearsLikeInstantToString() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00.001Z", "2000-02-29T23:59:59.999Z",
                "2024-02-29T12:00:00.100Z", "2100-03-01T00:00:00Z", "2026-12-31T23:59:59.010Z",
                "9999-12-31T23:59:59.999Z", "1999-12-31T23:59:59Z", "2026-12-06T13:20:40.120Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(written(instant)).isEqualTo(instant.toString()).isEqualTo(text);
        }
    }

    @Test
    void leavesOtherInstantsToInstantToString() {
        assertThat(written(Instant.ofEpochSecond(-1))).isNull();
        assertThat(written(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(written(Instant.ofEpochSecond(1, 1_000))).isNull();
        assertThat(written(Instant.ofEpochSecond(1, 123_456_789))).isNull();
    }
}
