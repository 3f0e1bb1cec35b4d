package dev.portcullis.model.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** The template parser on generated input: it never fails other than with a {@link TemplateException}. */
class TemplateProperties {

    @Property
    void anEscapedLiteralParsesBackToItself(@ForAll @StringLength(max = 200) String literal) {
        Template template = Template.parse(Template.escape(literal));

        assertThat(template.isConstant()).isTrue();
        assertThat(template.secretNames()).isEmpty();
        assertThat(template.render(variable -> null)).isEqualTo(literal);
    }

    @Property
    void arbitraryTextEitherParsesOrIsRefusedWithAReason(@ForAll("templateLike") String source) {
        try {
            Template template = Template.parse(source);
            assertThat(template.variables().size()).isLessThanOrEqualTo(Template.MAX_VARIABLES);
        } catch (TemplateException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void literalsAndVariablesRenderInOrder(@ForAll("pieces") List<String> pieces) {
        StringBuilder source = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (String piece : pieces) {
            if (piece.startsWith("\u0000")) {
                String name = piece.substring(1);
                source.append("${").append(name).append('}');
                expected.append('<').append(name).append('>');
            } else {
                source.append(Template.escape(piece));
                expected.append(piece);
            }
        }

        String rendered = Template.parse(source.toString()).render(variable ->
                "<" + variable.source().templateName() + (variable.argument() == null ? "" : variable.argument())
                        + ">");

        assertThat(rendered).isEqualTo(expected.toString());
    }

    @Provide
    Arbitrary<String> templateLike() {
        Arbitrary<String> fragments = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6),
                Arbitraries.of("${", "$${", "}", "$", "{", "${consumer.alias}", "${secret:", "${secret:pat}",
                        "${jwt.claims.", "${request.header.", "${unknown}", "~", "\r\n"));
        return fragments.list().ofMaxSize(24).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<List<String>> pieces() {
        Arbitrary<String> variable = Arbitraries.of("consumer.id", "consumer.alias", "mcp.method", "proxy.id",
                "request.clientIp", "jwt.sub").map(name -> "\u0000" + name);
        Arbitrary<String> claim = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                .map(name -> "\u0000jwt.claims." + name);
        Arbitrary<String> literal = Arbitraries.strings().ofMaxLength(12)
                .filter(text -> !text.startsWith("\u0000"));
        return Combinators.combine(literal, Arbitraries.oneOf(variable, claim)).as((l, v) -> List.of(l, v))
                .list().ofMaxSize(5).map(lists -> lists.stream().flatMap(List::stream).toList());
    }
}
