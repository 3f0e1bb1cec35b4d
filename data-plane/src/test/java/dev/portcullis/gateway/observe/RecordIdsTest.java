package dev.portcullis.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RecordIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long millis = 1_796_620_973_847L;
        String id = RecordIds.next(millis);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(uuid.toString()).isEqualTo(id).hasSize(36);
    }

    @Test
    void idsSortAsTextInTheOrderOfTheirMilliseconds() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 20_000; i++) {
            long earlier = random.nextLong(0, 1L << 48);
            long later = earlier + random.nextLong(1, 1_000_000);
            if (later >= 1L << 48) {
                continue;
            }
            assertThat(RecordIds.next(earlier)).isLessThan(RecordIds.next(later));
        }
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            ids.add(RecordIds.next(1_796_620_973_847L));
        }
        assertThat(ids).hasSize(200_000);
    }
}
