package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.runtime.UpstreamPool;
import dev.portcullis.model.proxy.PassiveHealth;
import dev.portcullis.model.proxy.Upstream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetBalancerTest {

    private static final long SECOND = 1_000_000_000L;

    private final TargetBalancer balancer = new TargetBalancer();

    private static UpstreamPool pool(String balancing, int failures, int... weights) {
        List<Upstream.Target> targets = new java.util.ArrayList<>();
        for (int i = 1; i < weights.length; i++) {
            targets.add(new Upstream.Target("http://t" + i + ":80/mcp", weights[i]));
        }
        if (weights[0] != 1) {
            targets.add(new Upstream.Target("http://t0:80/mcp", weights[0]));
        }
        return UpstreamPool.of(new Upstream("http://t0:80/mcp", targets, true, null, null, balancing,
                new PassiveHealth(failures, 1000)));
    }

    private Map<String, Integer> picks(UpstreamPool pool, int times, long now) {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < times; i++) {
            count.merge(balancer.pick("p", pool, Set.of(), now).label(), 1, Integer::sum);
        }
        return count;
    }

    @Test
    void roundRobinSpreadsByWeight() {
        UpstreamPool pool = pool(Upstream.ROUND_ROBIN, 3, 2, 1, 1);

        assertThat(picks(pool, 400, 0)).containsEntry("http://t0/mcp", 200).containsEntry("http://t1/mcp", 100)
                .containsEntry("http://t2/mcp", 100);
    }

    @Test
    void aTargetRepeatingTheUrlOnlyGivesItsWeight() {
        UpstreamPool pool = pool(Upstream.ROUND_ROBIN, 3, 3, 1);

        assertThat(pool.targets()).hasSize(2);
        assertThat(pool.primary().weight()).isEqualTo(3);
    }

    @Test
    void leastRequestsPrefersTheTargetWithFewestInFlight() {
        UpstreamPool pool = pool(Upstream.LEAST_REQUESTS, 3, 1, 1, 1);
        balancer.started("p", pool.targets().get(0));
        balancer.started("p", pool.targets().get(0));
        balancer.started("p", pool.targets().get(1));

        assertThat(balancer.pick("p", pool, Set.of(), 0)).isEqualTo(pool.targets().get(2));
        balancer.ended("p", pool.targets().get(1));
        balancer.started("p", pool.targets().get(2));
        balancer.started("p", pool.targets().get(2));

        assertThat(balancer.pick("p", pool, Set.of(), 0)).isEqualTo(pool.targets().get(1));
    }

    @Test
    void leastRequestsSpreadsAnIdlePool() {
        UpstreamPool pool = pool(Upstream.LEAST_REQUESTS, 3, 1, 1, 1);

        assertThat(picks(pool, 30, 0)).hasSize(3).allSatisfy((label, count) -> assertThat(count).isEqualTo(10));
    }

    @Test
    void aTargetFailingTooOftenInARowIsSkippedUntilItsCoolDownPasses() {
        UpstreamPool pool = pool(Upstream.ROUND_ROBIN, 2, 1, 1, 1);
        UpstreamPool.Member bad = pool.targets().get(1);

        balancer.failed("p", pool, bad, 0);
        assertThat(balancer.out("p", bad, 0)).isFalse();
        balancer.failed("p", pool, bad, 0);

        assertThat(balancer.out("p", bad, 0)).isTrue();
        assertThat(picks(pool, 30, SECOND / 2)).doesNotContainKey(bad.label());
        assertThat(balancer.out("p", bad, 2 * SECOND)).isFalse();
        assertThat(picks(pool, 30, 2 * SECOND)).containsKey(bad.label());
    }

    @Test
    void aFailedTrialAfterTheCoolDownTakesTheTargetOutAgainAndASuccessBringsItBack() {
        UpstreamPool pool = pool(Upstream.ROUND_ROBIN, 2, 1, 1);
        UpstreamPool.Member bad = pool.targets().get(1);
        balancer.failed("p", pool, bad, 0);
        balancer.failed("p", pool, bad, 0);

        balancer.failed("p", pool, bad, 2 * SECOND);
        assertThat(balancer.out("p", bad, 2 * SECOND + 1)).isTrue();

        balancer.succeeded("p", bad);
        assertThat(balancer.out("p", bad, 2 * SECOND + 1)).isFalse();
        balancer.failed("p", pool, bad, 3 * SECOND);
        assertThat(balancer.out("p", bad, 3 * SECOND)).isFalse();
    }

    @Test
    void whenEveryTargetIsOutAllAreTriedRatherThanNone() {
        UpstreamPool pool = pool(Upstream.ROUND_ROBIN, 1, 1, 1);
        pool.targets().forEach(target -> balancer.failed("p", pool, target, 0));

        assertThat(balancer.pick("p", pool, Set.of(), 0)).isNotNull();
    }

    @Test
    void failoverNeverPicksATriedTargetAndStopsWhenAllWereTried() {
        UpstreamPool pool = pool(Upstream.ROUND_ROBIN, 3, 1, 1, 1);
        String first = pool.targets().get(0).id();
        String second = pool.targets().get(1).id();

        for (int i = 0; i < 10; i++) {
            assertThat(balancer.pick("p", pool, Set.of(first, second), 0)).isEqualTo(pool.targets().get(2));
        }
        assertThat(balancer.pick("p", pool, Set.of(first, second, pool.targets().get(2).id()), 0)).isNull();
    }

    @Test
    void stateIsKeptPerProxy() {
        UpstreamPool pool = pool(Upstream.ROUND_ROBIN, 1, 1, 1);
        balancer.failed("p", pool, pool.targets().get(1), 0);

        assertThat(balancer.out("p", pool.targets().get(1), 0)).isTrue();
        assertThat(balancer.out("q", pool.targets().get(1), 0)).isFalse();
    }
}
