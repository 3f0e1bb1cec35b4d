package dev.portcullis.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.proxy.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamPoolTest {

    private static Upstream upstream(Boolean affinity, String... targets) {
        return new Upstream("http://a:7878/mcp", java.util.Arrays.stream(targets).map(Upstream.Target::of).toList(),
                affinity, null, null);
    }

    @Test
    void theUrlComesFirstThenTheTargets() {
        UpstreamPool pool = UpstreamPool.of(upstream(null, "http://b:7878/mcp", "https://c/mcp"));

        assertThat(pool.targets()).extracting(UpstreamPool.Member::label)
                .containsExactly("http://a:7878/mcp", "http://b:7878/mcp", "https://c/mcp");
        assertThat(pool.balanced()).isTrue();
        assertThat(pool.pinsSessions()).isTrue();
    }

    @Test
    void aTargetKeepsItsIdWhenTheListIsReordered() {
        UpstreamPool one = UpstreamPool.of(upstream(null, "http://b/mcp", "http://c/mcp"));
        UpstreamPool two = UpstreamPool.of(upstream(null, "http://c/mcp", "http://b/mcp"));

        UpstreamPool.Member b = one.targets().get(1);
        assertThat(two.byId(b.id())).isEqualTo(b);
        assertThat(b.id()).hasSize(11);
        assertThat(one.byId("gone")).isNull();
    }

    @Test
    void oneUrlIsNotBalancedAndPinsNothing() {
        UpstreamPool pool = UpstreamPool.of(upstream(null));

        assertThat(pool.balanced()).isFalse();
        assertThat(pool.pinsSessions()).isFalse();
        assertThat(pool.primary().weight()).isEqualTo(1);
    }

    @Test
    void affinityOffBalancesEveryRequest() {
        assertThat(UpstreamPool.of(upstream(false, "http://b/mcp")).pinsSessions()).isFalse();
        assertThat(List.of(UpstreamPool.of(upstream(false, "http://b/mcp")).leastRequests())).containsExactly(false);
    }
}
