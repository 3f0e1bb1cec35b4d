package dev.portcullis.gateway.filter.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UriTemplateMatchTest {

    @Test
    void matchesTheUrisATemplateCouldProduce() {
        assertThat(UriTemplateMatch.matches("users://{id}", "users://42")).isTrue();
        assertThat(UriTemplateMatch.matches("users://{id}/posts/{post}", "users://42/posts/7")).isTrue();
        assertThat(UriTemplateMatch.matches("file:///{path}.md", "file:///notes/today.md")).isTrue();
        assertThat(UriTemplateMatch.matches("users://list", "users://list")).isTrue();
    }

    @Test
    void refusesUrisWhoseLiteralPartsDiffer() {
        assertThat(UriTemplateMatch.matches("users://{id}", "posts://42")).isFalse();
        assertThat(UriTemplateMatch.matches("users://{id}/posts", "users://42/comments")).isFalse();
        assertThat(UriTemplateMatch.matches("file:///{path}.md", "file:///notes/today.txt")).isFalse();
        assertThat(UriTemplateMatch.matches("users://list", "users://list/2")).isFalse();
        assertThat(UriTemplateMatch.matches("users://{id", "users://42")).isFalse();
    }

    @Test
    void aTemplateMatchesEveryExpansionOfIt() {
        List<String> parts = List.of("", "a", "ab/", "{", "}x", "users://", ".md", "//");
        for (String prefix : parts) {
            for (String value : parts) {
                for (String suffix : parts) {
                    String template = prefix.replace("{", "").replace("}", "") + "{x}"
                            + suffix.replace("{", "").replace("}", "");
                    String uri = prefix.replace("{", "").replace("}", "") + value
                            + suffix.replace("{", "").replace("}", "");
                    assertThat(UriTemplateMatch.matches(template, uri)).as("%s / %s", template, uri).isTrue();
                }
            }
        }
    }
}
