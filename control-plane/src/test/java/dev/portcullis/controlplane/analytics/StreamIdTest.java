package dev.portcullis.controlplane.analytics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StreamIdTest {

    @Test
    void readsAndSpellsRedisEntryIds() {
        assertThat(StreamId.parse("1700000000000-0")).isEqualTo(new StreamId(1_700_000_000_000L, 0));
        assertThat(StreamId.parse("0-0").isZero()).isTrue();
        assertThat(StreamId.parse("18446744073709551615-18446744073709551615"))
                .hasToString("18446744073709551615-18446744073709551615");
        assertThat(StreamId.parse("1-2")).hasToString("1-2");
    }

    @Test
    void anythingElseIsNoId() {
        for (String text : new String[] {null, "", "-", "1-", "-1", "1", "a-1", "1-b", "1-2-3", "-1-2",
                "18446744073709551616-0"}) {
            assertThat(StreamId.parse(text)).as(String.valueOf(text)).isNull();
        }
    }

    @Test
    void ordersAsRedisDoesByTimeThenSequenceUnsigned() {
        List<StreamId> ordered = List.of(StreamId.parse("0-0"), StreamId.parse("0-1"), StreamId.parse("1-0"),
                StreamId.parse("1-18446744073709551615"), StreamId.parse("9-0"), StreamId.parse("10-0"),
                StreamId.parse("9223372036854775808-0"), StreamId.parse("18446744073709551615-0"));
        List<StreamId> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(ordered);
        assertThat(StreamId.min(ordered.get(3), ordered.get(2))).isEqualTo(ordered.get(2));
        assertThat(StreamId.min(ordered.get(3), null)).isNull();
    }
}
