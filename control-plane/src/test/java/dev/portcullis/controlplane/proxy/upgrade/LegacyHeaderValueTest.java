package dev.portcullis.controlplane.proxy.upgrade;

import dev.portcullis.controlplane.proxy.upgrade.LegacyHeaderValue.Outcome;
import dev.portcullis.model.template.Template;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyHeaderValueTest {

    @Test
    void keepsPlainValuesAsTheyAre() {
        assertThat(LegacyHeaderValue.upgrade("Bearer abc", true)).isEqualTo(new Outcome.Unchanged());
        assertThat(LegacyHeaderValue.upgrade("", false)).isEqualTo(new Outcome.Unchanged());
        assertThat(LegacyHeaderValue.upgrade("costs $5 {each}", false)).isEqualTo(new Outcome.Unchanged());
    }

    @Test
    void escapesWhatLooksLikeAVariableSoItStaysLiteral() {
        assertThat(LegacyHeaderValue.upgrade("x-${foo}-y", false)).isEqualTo(new Outcome.Rewritten("x-$${foo}-y"));
        assertThat(LegacyHeaderValue.upgrade("${consumer.alias}", true))
                .isEqualTo(new Outcome.Rewritten("$${consumer.alias}"));
        assertThat(LegacyHeaderValue.upgrade("unclosed ${", true)).isEqualTo(new Outcome.Rewritten("unclosed $${"));
        Outcome literal = LegacyHeaderValue.upgrade("a$${b}", false);
        assertThat(literal).isEqualTo(new Outcome.Rewritten("a$$${b}"));
        assertThat(render(((Outcome.Rewritten) literal).source())).isEqualTo("a$${b}");
    }

    @Test
    void keepsSecretReferencesInRequestHeadersAndEscapesTheTextAround() {
        assertThat(LegacyHeaderValue.upgrade("Bearer ${secret:api-token}", true)).isEqualTo(new Outcome.Unchanged());
        Outcome mixed = LegacyHeaderValue.upgrade("${x}:${secret:a.b}", true);
        assertThat(mixed).isEqualTo(new Outcome.Rewritten("$${x}:${secret:a.b}"));
        assertThat(Template.parse(((Outcome.Rewritten) mixed).source()).secretNames()).containsExactly("a.b");
    }

    @Test
    void dropsValuesNoTemplateCanMean() {
        assertThat(LegacyHeaderValue.upgrade("v".repeat(Template.MAX_LENGTH + 1), true))
                .isInstanceOf(Outcome.Dropped.class);
        assertThat(LegacyHeaderValue.upgrade("${foo}" + "v".repeat(Template.MAX_LENGTH - 6), true))
                .isInstanceOf(Outcome.Dropped.class); // fits before escaping, not after
        assertThat(LegacyHeaderValue.upgrade("${secret:tok}", false)).isInstanceOf(Outcome.Dropped.class);
        assertThat(LegacyHeaderValue.upgrade("${secret:bad name}", true)).isInstanceOf(Outcome.Dropped.class);
        assertThat(LegacyHeaderValue.upgrade("$${secret:tok}", true)).isInstanceOf(Outcome.Dropped.class);
        assertThat(LegacyHeaderValue.upgrade("${secret:a}".repeat(Template.MAX_VARIABLES + 1), true))
                .isInstanceOf(Outcome.Dropped.class);
    }

    @Test
    void aDropNeverQuotesTheValue() {
        Outcome dropped = LegacyHeaderValue.upgrade("${secret:s}hunter2", false);
        assertThat(((Outcome.Dropped) dropped).reason()).doesNotContain("hunter2");
    }

    private static String render(String source) {
        return Template.parse(source).render(variable -> null);
    }
}
