package dev.portcullis.gateway.runtime.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UriTemplatesTest {

    @Test
    void literalsMatchAndExpressionsStandForTextWithoutSlashUnlessTheirOperatorAllowsOne() {
        assertThat(UriTemplates.matches("users://{id}", "users://42")).isTrue();
        assertThat(UriTemplates.matches("users://{id}", "users://42/posts")).isFalse();
        assertThat(UriTemplates.matches("users://{id}/posts", "users://42/posts")).isTrue();
        assertThat(UriTemplates.matches("file:///{+path}", "file:///a/b/c.txt")).isTrue();
        assertThat(UriTemplates.matches("db://{schema}.{table}", "db://a.b.c")).isTrue();
        assertThat(UriTemplates.matches("db://{schema}.{table}", "db://ab")).isFalse();
        assertThat(UriTemplates.matches("users://{id}", "users://")).isFalse();
    }

    /**
     * The URI is the agent's (up to 256 characters) and the template a member's: a template of many expressions
     * and a URI that almost matches must not make the event loop try every way to split the URI.
     */
    @Test
    void aTemplateOfManyExpressionsAgainstANearMissIsDecidedAtOnce() {
        String template = "x://{a}{b}{c}{d}{e}{f}{g}{h}!";
        String uri = "x://" + "a".repeat(250);
        String dotted = "log://{a}.{b}.{c}.{d}.{e}.{f}.{g}.{h}/";
        String dots = "log://" + ".".repeat(248);

        boolean[] matched = new boolean[2];
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            matched[0] = UriTemplates.matches(template, uri);
            matched[1] = UriTemplates.matches(dotted, dots);
        });

        assertThat(matched).containsExactly(false, false);
        assertThat(UriTemplates.matches(template, "x://" + "a".repeat(250) + "!")).isTrue();
    }
}
