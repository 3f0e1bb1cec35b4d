package dev.portcullis.controlplane.common;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SlugsTest {

    @Test
    void turnsNamesIntoIdsAndFallsBackWhenNothingIsLeft() {
        assertThat(Slugs.of("Gold Agents (EU)", "policy")).isEqualTo("gold-agents-eu");
        assertThat(Slugs.of("Crème brûlée", "policy")).isEqualTo("creme-brulee");
        assertThat(Slugs.of("!!!", "policy")).isEqualTo("policy");
        assertThat(Slugs.of("x".repeat(80), "policy")).hasSize(56);
        assertThat(Slugs.of("  Café -- Déjà vu!  ", "mcp")).isEqualTo("cafe-deja-vu");
        assertThat(Slugs.of(null, "mcp")).isEqualTo("mcp");
    }

    @Test
    void staysAValidIdWithASuffix() {
        String slug = Slugs.of("x".repeat(300), "mcp");

        assertThat(Slugs.unique("x".repeat(300), "mcp", Set.of(slug)::contains)).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void suffixesTakenSlugs() {
        Set<String> taken = Set.of("gold", "gold-2");

        assertThat(Slugs.unique("Gold", "policy", taken::contains)).isEqualTo("gold-3");
    }
}
