package dev.portcullis.model.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final Map<String, String> VALUES = Map.of("consumer.alias", "billing-agent",
            "jwt.claims.team", "payments", "request.header.x-team", "blue");

    private static String render(String source) {
        return Template.parse(source).render(variable -> VALUES.get(
                variable.source().templateName() + (variable.argument() == null ? "" : variable.argument())));
    }

    @Test
    void fillsInVariablesBetweenLiteralText() {
        assertThat(render("agent=${consumer.alias}; team=${jwt.claims.team}")).isEqualTo(
                "agent=billing-agent; team=payments");
    }

    @Test
    void headerVariablesAreCaseInsensitive() {
        assertThat(render("${request.header.X-Team}")).isEqualTo("blue");
    }

    @Test
    void aVariableWithoutAValueMakesTheWholeValueAbsent() {
        assertThat(render("agent=${consumer.id}")).isNull();
    }

    @Test
    void doubledDollarWritesALiteralExpression() {
        assertThat(render("$${consumer.alias} is ${consumer.alias}")).isEqualTo("${consumer.alias} is billing-agent");
    }

    @Test
    void refusesUnknownVariablesNamingThem() {
        assertThatThrownBy(() -> Template.parse("${consumer.name}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("unknown variable '${consumer.name}'")
                .hasMessageContaining("consumer.alias");
    }

    @Test
    void refusesAnUnclosedExpression() {
        assertThatThrownBy(() -> Template.parse("x ${consumer.alias")).hasMessageContaining("not closed");
    }

    @Test
    void refusesCopyingTheAgentsCredential() {
        assertThatThrownBy(() -> Template.parse("${request.header.Authorization}"))
                .hasMessageContaining("credential");
        assertThatThrownBy(() -> Template.parse("${request.header.cookie}")).hasMessageContaining("credential");
    }

    @Test
    void refusesArgumentsThatAreEmptyOrNotNames() {
        assertThatThrownBy(() -> Template.parse("${jwt.claims.}")).hasMessageContaining("must name a claim");
        assertThatThrownBy(() -> Template.parse("${request.header.a b}")).hasMessageContaining("HTTP header");
    }

    @Test
    void boundsTheNumberOfExpressionsAndTheLength() {
        assertThatThrownBy(() -> Template.parse("${proxy.id}".repeat(Template.MAX_VARIABLES + 1)))
                .hasMessageContaining("at most " + Template.MAX_VARIABLES);
        assertThatThrownBy(() -> Template.parse("x".repeat(Template.MAX_LENGTH + 1)))
                .hasMessageContaining("at most " + Template.MAX_LENGTH);
    }

    @Test
    void secretsAreResolvedOnceAndTheirValuesAreNeverParsed() {
        Template template = Template.parse("Bearer ${secret:pat} for ${consumer.alias}");

        Template resolved = template.resolveSecrets(name -> "${consumer.id}");

        assertThat(template.secretNames()).containsExactly("pat");
        assertThat(resolved.secretNames()).isEmpty();
        assertThat(resolved.render(variable -> "a")).isEqualTo("Bearer ${consumer.id} for a");
    }

    @Test
    void anUnresolvedSecretIsABugNotAValue() {
        assertThatThrownBy(() -> Template.parse("${secret:pat}").render(variable -> "x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constantTemplatesNeedNoRequest() {
        assertThat(Template.parse("plain").isConstant()).isTrue();
        assertThat(Template.parse("${proxy.id}").isConstant()).isFalse();
        assertThat(Template.parse("").render(variable -> null)).isEmpty();
    }
}
