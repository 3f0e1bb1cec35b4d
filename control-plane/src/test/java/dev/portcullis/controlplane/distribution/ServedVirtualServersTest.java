package dev.portcullis.controlplane.distribution;

import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.Upstream;
import dev.portcullis.model.proxy.VirtualMember;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServedVirtualServersTest {

    private static ProxyDefinition proxy(String id) {
        return new ProxyDefinition(id, id, true, "/" + id + "/", List.of(),
                new Upstream("http://127.0.0.1:7878", null, null, null, null), null, null, null, null, null, null,
                null);
    }

    private static ProxyDefinition virtual(String id, String... members) {
        return new ProxyDefinition(id, id, true, "/" + id + "/", List.of(), null, null, null, null, null, null, null,
                null, List.of(members).stream().map(member -> new VirtualMember(member, member + "_", null)).toList());
    }

    @Test
    void keepsAVirtualServerWhoseMembersAreAllServed() {
        List<ProxyDefinition> served = List.of(proxy("a"), proxy("b"), virtual("v", "a", "b"));

        assertThat(ServedVirtualServers.fit(served)).isEqualTo(served);
    }

    @Test
    void leavesOutMembersThatAreNotServedAndKeepsTheRestOfTheDefinition() {
        List<ProxyDefinition> fitted = ServedVirtualServers.fit(List.of(proxy("a"), virtual("v", "inactive", "a")));

        assertThat(fitted).extracting(ProxyDefinition::id).containsExactly("a", "v");
        ProxyDefinition virtual = fitted.get(1);
        assertThat(virtual.members()).extracting(VirtualMember::proxy).containsExactly("a");
        assertThat(virtual.members().get(0).prefix()).isEqualTo("a_");
        assertThat(virtual.listenPath()).isEqualTo("/v/");
    }

    @Test
    void leavesOutAVirtualServerWithNoServedMember() {
        assertThat(ServedVirtualServers.fit(List.of(proxy("a"), virtual("v", "gone"))))
                .extracting(ProxyDefinition::id).containsExactly("a");
    }
}
