package dev.portcullis.controlplane.proxy;

import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.Upstream;
import dev.portcullis.model.proxy.VirtualMember;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualServerRuleTest {

    private static ProxyDefinition proxy(String id, String... tags) {
        return new ProxyDefinition(id, id, true, "/" + id + "/", List.of(tags),
                new Upstream("http://127.0.0.1:7878", null, null, null, null), null, null, null, null, null, null,
                null);
    }

    private static ProxyDefinition virtual(String id, String... tags) {
        return new ProxyDefinition(id, id, true, "/" + id + "/", List.of(tags), null, null, null, null, null, null,
                null, null, List.of(new VirtualMember("m", null, null)));
    }

    @Test
    void anUntaggedVirtualServerNeedsAnUntaggedMember() {
        assertThat(VirtualServerRule.servingGap(virtual("v"), proxy("m"))).isEmpty();
        assertThat(VirtualServerRule.servingGap(virtual("v"), proxy("m", "eu"))).get().asString()
                .contains("has gateway tags");
    }

    @Test
    void aTaggedVirtualServerNeedsEachOfItsTagsOnTheMember() {
        assertThat(VirtualServerRule.servingGap(virtual("v", "eu"), proxy("m", "eu", "us"))).isEmpty();
        assertThat(VirtualServerRule.servingGap(virtual("v", "eu", "us"), proxy("m", "eu"))).get().asString()
                .contains("lacks gateway tag 'us'");
        assertThat(VirtualServerRule.servingGap(virtual("v", "eu", "us"), proxy("m"))).get().asString()
                .contains("lacks gateway tags 'eu', 'us'");
    }
}
