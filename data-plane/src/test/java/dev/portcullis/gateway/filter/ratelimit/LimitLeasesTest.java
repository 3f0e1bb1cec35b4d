package dev.portcullis.gateway.filter.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.gateway.runtime.limits.Counter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LimitLeasesTest {

    private static final Counter THOUSAND_PER_MINUTE = Counter.rate("{p:x}:global", 1_000, 60, "proxy-wide rate limit");
    private static final Counter SMALL = Counter.rate("{p:x}:tools/call", 150, 60, "rate limit on tools/call");

    private final LimitLeases leases = new LimitLeases(1);

    /** What Redis would answer for a rate counter that was idle, after taking {@code need + granted} units. */
    private static CounterReply.Allowed idleRateReply(Counter counter, long taken, long... granted) {
        long interval = counter.periodMs() / counter.limit();
        long[] remaining = new long[granted.length];
        long[] reset = new long[granted.length];
        for (int i = 0; i < granted.length; i++) {
            remaining[i] = counter.limit() - taken - granted[i];
            reset[i] = (taken + granted[i]) * interval;
        }
        return new CounterReply.Allowed(remaining, reset, granted);
    }

    /** Two requests 1 ms apart: the second asks for 2 units in advance and gets them (at 1,001 ms). */
    private void leaseTwoUnits() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
        leases.wants(counters, 1_000);
        long[] wants = leases.wants(counters, 1_001);
        assertThat(wants).containsExactly(2);
        leases.granted(counters, wants, idleRateReply(THOUSAND_PER_MINUTE, 2, 2), 1_001);
    }

    @Test
    void aLimitWhoseShareIsBelowTwoUnitsIsNeverLeased() {
        assertThat(leases.cap(SMALL)).isZero();
        assertThat(leases.cap(THOUSAND_PER_MINUTE)).isEqualTo(10);
        assertThat(new LimitLeases(0).cap(THOUSAND_PER_MINUTE)).isZero();
        assertThat(new LimitLeases(10).cap(Counter.rate("k", Long.MAX_VALUE / 2, 60, "s"))).isPositive();
        for (int i = 0; i < 5; i++) {
            assertThat(leases.wants(List.of(SMALL), 1_000 + i)).containsExactly(0);
            assertThat(leases.take(List.of(SMALL), 1_000 + i)).isNull();
        }
        assertThatThrownBy(() -> new LimitLeases(11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asksForNothingInAdvanceWhenAnotherCounterOfTheRequestIsNeverLeased() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE, SMALL);
        for (int i = 0; i < 5; i++) {
            long[] wants = leases.wants(counters, 1_000 + i);
            assertThat(wants).as("units of the large limit could never be spent: the small one always asks Redis")
                    .containsExactly(0, 0);
            leases.granted(counters, wants, new CounterReply.Allowed(new long[] {999 - i, 149 - i},
                    new long[] {60 * (i + 1), 400 * (i + 1)}, new long[] {0, 0}), 1_000 + i);
            assertThat(leases.take(counters, 1_000 + i)).isNull();
        }
        assertThat(leases.held()).isZero();
    }

    @Test
    void asksForNothingUntilASecondRequestComesWithinALeasesLife() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
        assertThat(leases.wants(counters, 1_000)).containsExactly(0);
        leases.granted(counters, new long[] {0}, idleRateReply(THOUSAND_PER_MINUTE, 1, 0), 1_000);
        assertThat(leases.take(counters, 1_001)).isNull();
        assertThat(leases.wants(counters, 1_001 + LimitLeases.RATE_LEASE_MS)).as("a request a lease's life later")
                .containsExactly(0);
        assertThat(leases.wants(counters, 1_002 + LimitLeases.RATE_LEASE_MS)).containsExactly(2);
    }

    @Test
    void spendsGrantedUnitsWithoutRedisAndCountsThemAsRemaining() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
        leases.wants(counters, 1_000);
        long[] wants = leases.wants(counters, 1_001);
        assertThat(wants).containsExactly(2);
        LimitHeaders viaRedis = leases.granted(counters, wants, idleRateReply(THOUSAND_PER_MINUTE, 2, 2), 1_001);
        assertThat(viaRedis.remaining()).as("998 unheld + 2 held").isEqualTo(1_000 - 2);
        LimitHeaders first = leases.take(counters, 1_001);
        assertThat(first).isNotNull();
        assertThat(first.remaining()).isEqualTo(1_000 - 3);
        assertThat(leases.take(counters, 1_001).remaining()).isEqualTo(1_000 - 4);
        assertThat(leases.take(counters, 1_001)).as("both leased units spent").isNull();
        assertThat(leases.held()).isZero();
    }

    @Test
    void aLeasedAnswerNeverReportsMoreRemainingThanTheRedisPathWould() {
        leaseTwoUnits();
        LimitHeaders later = leases.take(List.of(THOUSAND_PER_MINUTE), 1_900);
        assertThat(later.remaining()).as("the counter earned everything back; this request took one").isEqualTo(999);
    }

    @Test
    void leasedUnitsOfARateExpireAfterTheLeasesLifeAndTheNextLeaseIsSmaller() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
        leaseTwoUnits();
        assertThat(leases.take(counters, 1_001 + LimitLeases.RATE_LEASE_MS)).isNull();
        assertThat(leases.held()).isZero();
        assertThat(leases.wants(counters, 1_002 + LimitLeases.RATE_LEASE_MS))
                .as("both left unspent: asks for two fewer, none").containsExactly(0);
        assertThat(leases.wants(counters, 1_003 + LimitLeases.RATE_LEASE_MS))
                .as("a second request within a lease's life: two again").containsExactly(2);
    }

    @Test
    void aLeaseRunningLowIsRefilledOnceAndGrowsWhileItRunsOutFast() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
        leaseTwoUnits();
        assertThat(leases.take(counters, 1_002)).isNotNull();
        LimitLeases.Refill refill = leases.refill(counters, 1_002);
        assertThat(refill).isNotNull();
        assertThat(refill.wants()).as("half spent within half the life: twice as much").containsExactly(4);
        assertThat(leases.refill(counters, 1_002)).as("one refill at a time").isNull();
        leases.granted(refill.counters(), refill.wants(), idleRateReply(THOUSAND_PER_MINUTE, 3, 4), 1_003);
        assertThat(leases.held()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(leases.take(counters, 1_004)).isNotNull();
        }
        LimitLeases.Refill next = leases.refill(counters, 1_004);
        assertThat(next.wants()).as("capped at 1 % of the limit").containsExactly(8);
        leases.cancel(next.counters(), next.wants());
        assertThat(leases.refill(counters, 1_004).wants()).as("cancelled: may ask again").containsExactly(10);
    }

    @Test
    void takesAllCountersOrNone() {
        Counter other = Counter.quota("{c:k:a}:quota", 10_000, 3_600, 1_000, "your quota");
        List<Counter> both = List.of(THOUSAND_PER_MINUTE, other);
        leases.wants(both, 1_000);
        long[] wants = leases.wants(both, 1_001);
        assertThat(wants).containsExactly(2, 2);
        leases.granted(both, wants, new CounterReply.Allowed(new long[] {996, 9_996}, new long[] {240, 10_000},
                new long[] {2, 0}), 1_001);
        assertThat(leases.held()).isEqualTo(2);
        assertThat(leases.take(both, 1_002)).as("the quota has no unit in hand").isNull();
        assertThat(leases.held()).as("the rate's unit was given back").isEqualTo(2);
    }

    @Test
    void aQuotasUnitsLastUntilItsPeriodEndsAndItsHeadersCountThem() {
        Counter quota = Counter.quota("{c:k:a}:quota", 10_000, 3_600, 1_000, "your quota");
        List<Counter> counters = List.of(quota);
        leases.wants(counters, 1_000);
        long[] wants = leases.wants(counters, 1_001);
        leases.granted(counters, wants, new CounterReply.Allowed(new long[] {9_996}, new long[] {3_598_999},
                new long[] {2}), 1_001);
        LimitHeaders headers = leases.take(counters, 3_000_000);
        assertThat(headers.remaining()).isEqualTo(9_997);
        assertThat(headers.resetSeconds()).isEqualTo(600);
        assertThat(leases.take(counters, quota.periodEnd())).as("the unit left expired with the period").isNull();
    }

    @Test
    void aChangedLimitStartsAFreshLease() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
        leaseTwoUnits();
        Counter lowered = Counter.rate(THOUSAND_PER_MINUTE.key(), 500, 60, "proxy-wide rate limit");
        assertThat(leases.take(List.of(lowered), 1_002)).isNull();
        assertThat(leases.wants(List.of(lowered), 1_002)).containsExactly(0);
        assertThat(leases.held()).isZero();
    }

    @Test
    void aUnitGivenBackNeverLandsInALeaseThatReplacedItsOwn() throws Exception {
        Counter raised = Counter.rate(THOUSAND_PER_MINUTE.key(), 2_000, 60, "proxy-wide rate limit");
        Counter unleased = Counter.rate("{p:x}:op:tools/call", 1_000, 60, "rate limit on tools/call");
        List<Counter> request = List.of(THOUSAND_PER_MINUTE, unleased);
        AtomicBoolean done = new AtomicBoolean();
        Thread otherLoop = new Thread(() -> {
            while (!done.get()) {
                assertThat(leases.take(request, 1_001)).as("the second counter holds nothing").isNull();
            }
        });
        otherLoop.start();
        int ghosts = 0;
        try {
            for (int round = 0; round < 100_000 && ghosts == 0; round++) {
                List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
                leases.wants(counters, 1_000);
                long[] wants = leases.wants(counters, 1_001);
                leases.granted(counters, wants, idleRateReply(THOUSAND_PER_MINUTE, 2, wants[0]), 1_001);
                assertThat(leases.wants(List.of(raised), 1_001)).as("a new snapshot: a fresh lease").containsExactly(0);
                for (int look = 0; look < 20; look++) {
                    if (leases.held() > 0) {
                        ghosts++;
                        break;
                    }
                }
            }
        } finally {
            done.set(true);
            otherLoop.join();
        }
        assertThat(ghosts).as("units Redis never granted to the new lease").isZero();
    }

    @Test
    void forgetsLeasesNoRequestUsedForAWhile() {
        List<Counter> counters = List.of(THOUSAND_PER_MINUTE);
        leases.wants(counters, 1_000);
        assertThat(leases.size()).isEqualTo(1);
        leases.purge(5_000);
        assertThat(leases.size()).isEqualTo(1);
        leases.purge(20_000);
        assertThat(leases.size()).isZero();
    }
}
