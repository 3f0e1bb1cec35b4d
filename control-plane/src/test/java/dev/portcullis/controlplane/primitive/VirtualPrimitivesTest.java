package dev.portcullis.controlplane.primitive;

import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class VirtualPrimitivesTest {

    private static final ProxyDefinition VIRTUAL = new ProxyDefinition("all", "All", true, "/all/", List.of(), null,
            null, null, null, null, null, null, null, List.of(
            new VirtualMember("a", "x_", new VirtualMember.Renames(Map.of("ping", "hello"), Map.of("p", "intro"))),
            new VirtualMember("b", "x_", null),
            new VirtualMember("c", "c_", null)));

    private static UpstreamPrimitives listing(String... tools) {
        return new UpstreamPrimitives("http://upstream/mcp",
                List.of(tools).stream().map(name -> new UpstreamPrimitives.Named(name, "d")).toList(),
                List.of(new UpstreamPrimitives.Named("p", null)),
                List.of(new UpstreamPrimitives.Resource("users://list", "Users")));
    }

    @Test
    void namesToolsAndPromptsAsTheVirtualServerPresentsThemAndKeepsUris() {
        Map<String, UpstreamPrimitives> listed = new LinkedHashMap<>();
        listed.put("a", listing("ping", "echo"));
        listed.put("b", listing("echo", "sum"));

        UpstreamPrimitives merged = VirtualPrimitives.merge(VIRTUAL, listed);

        assertThat(merged.endpoint()).isNull();
        assertThat(merged.tools()).extracting(UpstreamPrimitives.Named::name, UpstreamPrimitives.Named::member)
                .containsExactly(tuple("hello", "a"),
                        tuple("x_echo", "a"),
                        tuple("x_sum", "b"));
        assertThat(merged.prompts()).extracting(UpstreamPrimitives.Named::name).containsExactly("intro", "x_p");
        assertThat(merged.resources()).singleElement().satisfies(resource -> {
            assertThat(resource.uri()).isEqualTo("users://list");
            assertThat(resource.member()).isEqualTo("a");
        });
    }

    @Test
    void marksAMemberThatCouldNotBeAskedAndLeavesOutOneNotAsked() {
        Map<String, UpstreamPrimitives> listed = new LinkedHashMap<>();
        listed.put("a", null);
        listed.put("b", listing("echo"));

        UpstreamPrimitives merged = VirtualPrimitives.merge(VIRTUAL, listed);

        assertThat(merged.members()).containsExactly(new UpstreamPrimitives.MemberListing("a", false),
                new UpstreamPrimitives.MemberListing("b", true));
        assertThat(merged.tools()).extracting(UpstreamPrimitives.Named::name).containsExactly("x_echo");
    }
}
