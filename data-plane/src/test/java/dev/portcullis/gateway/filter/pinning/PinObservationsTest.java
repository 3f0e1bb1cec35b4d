package dev.portcullis.gateway.filter.pinning;

import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PinObservationsTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private final PinObservations observations = new PinObservations();

    @Test
    void aRequestOfThePreviousSnapshotCannotRecordWhatTheOldUpstreamListedUnderTheNewOne() {
        ProxyDefinition before = proxy("http://127.0.0.1:7001");
        ProxyDefinition after = proxy("http://127.0.0.1:7002");
        observations.retainFor(snapshot(before));
        observations.saw(before, PinKind.TOOL, "get_users", A);

        observations.retainFor(snapshot(after));
        observations.saw(before, PinKind.TOOL, "get_users", B); // still running on the old snapshot

        assertThat(observations.lastSeen(after, PinKind.TOOL, "get_users")).isNull();
        assertThat(observations.lastSeen(before, PinKind.TOOL, "get_users")).isNull();
        observations.saw(after, PinKind.TOOL, "get_users", A);
        assertThat(observations.lastSeen(after, PinKind.TOOL, "get_users")).isEqualTo(A);
    }

    @Test
    void keepsObservationsAcrossSnapshotsOfTheSameUpstream() {
        ProxyDefinition first = proxy("http://127.0.0.1:7001");
        observations.retainFor(snapshot(first));
        observations.saw(first, PinKind.PROMPT, "greet", A);

        ProxyDefinition same = proxy("http://127.0.0.1:7001");
        observations.retainFor(snapshot(same));

        assertThat(observations.lastSeen(same, PinKind.PROMPT, "greet")).isEqualTo(A);
    }

    @Test
    void computesTheMismatchingTemplatesOncePerSnapshotAndTemplateChange() {
        ProxyDefinition proxy = proxy("http://127.0.0.1:7001");
        observations.retainFor(snapshot(proxy));
        observations.saw(proxy, PinKind.RESOURCE_TEMPLATE, "users://{id}", A);
        observations.saw(proxy, PinKind.TOOL, "get_users", B);
        Map<String, String> approved = Map.of("resourceTemplate users://{id}", A);

        List<String> first = observations.templatesNotMatching(proxy, approved);
        assertThat(first).isEmpty();
        assertThat(observations.templatesNotMatching(proxy, approved)).isSameAs(first);

        observations.saw(proxy, PinKind.TOOL, "other", A);
        assertThat(observations.templatesNotMatching(proxy, approved)).isSameAs(first);

        observations.saw(proxy, PinKind.RESOURCE_TEMPLATE, "users://{id}", B);
        List<String> changed = observations.templatesNotMatching(proxy, approved);
        assertThat(changed).containsExactly("users://{id}");
        assertThat(observations.templatesNotMatching(proxy, approved)).isSameAs(changed);

        Map<String, String> nextSnapshot = Map.of("resourceTemplate users://{id}", B);
        assertThat(observations.templatesNotMatching(proxy, nextSnapshot)).isEmpty();
    }

    private static ProxyDefinition proxy(String upstream) {
        return ProxyDefinition.parse(("{\"id\":\"mock\",\"name\":\"Mock\",\"listenPath\":\"/mock/\","
                + "\"upstream\":{\"url\":\"" + upstream + "\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private static ConfigSnapshot snapshot(ProxyDefinition proxy) {
        return new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, 1, Instant.now(), List.of(), List.of(proxy),
                List.of(), List.of());
    }
}
