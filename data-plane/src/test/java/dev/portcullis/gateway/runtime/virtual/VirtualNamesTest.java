package dev.portcullis.gateway.runtime.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.proxy.VirtualMember;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualNamesTest {

    private final VirtualNames names = new VirtualNames(List.of(
            new VirtualMember("mock", "mock_", new VirtualMember.Renames(Map.of("get_users", "list_users"), null)),
            new VirtualMember("everything", "ev_", null)));

    @Test
    void aMemberNameGetsItsRenameElseThePrefix() {
        assertThat(names.virtualName(0, false, "get_users")).isEqualTo("list_users");
        assertThat(names.virtualName(0, false, "get_posts")).isEqualTo("mock_get_posts");
        assertThat(names.virtualName(0, true, "get_users")).isEqualTo("mock_get_users");
        assertThat(names.virtualName(1, false, "echo")).isEqualTo("ev_echo");
    }

    @Test
    void aVirtualNameLeadsBackToTheOnlyMemberThatCouldProduceIt() {
        assertThat(names.onlyCandidate(false, "list_users")).isEqualTo(new VirtualNames.Owner(0, "get_users"));
        assertThat(names.onlyCandidate(false, "ev_echo")).isEqualTo(new VirtualNames.Owner(1, "echo"));
        assertThat(names.onlyCandidate(false, "mock_get_users")).as("a renamed tool keeps only its new name")
                .isNull();
        assertThat(names.onlyCandidate(false, "mock_")).isNull();
        assertThat(names.onlyCandidate(false, "other")).isNull();
    }

    @Test
    void aMemberWithoutPrefixMakesEveryNameAmbiguous() {
        VirtualNames open = new VirtualNames(List.of(new VirtualMember("a", "", null),
                new VirtualMember("b", "b_", null)));

        assertThat(open.onlyCandidate(false, "b_x")).isNull();
        assertThat(open.onlyCandidate(false, "x")).isEqualTo(new VirtualNames.Owner(0, "x"));
    }
}
