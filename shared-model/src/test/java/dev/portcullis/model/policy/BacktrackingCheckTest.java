package dev.portcullis.model.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BacktrackingCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+", "(a*)*", "(.*)*", "(\\w+\\s?)*", "(?:a+)+b", "((ab?))*", "(x?x?)+",
            "(a+){2,}", "(a+){10}", "^(([a-z])+.)+[A-Z]([a-z])+$", "(?i:(a+))+", "(?<name>a+)*"})
    void refusesNestedQuantifiers(String pattern) {
        assertThat(BacktrackingCheck.problem(pattern))
                .contains("pattern may backtrack catastrophically (nested quantifier)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a|a)*", "(a|ab)+", "(\\w|\\d)*", "(get|)+", "((a|ab)c)*", "(.|x)*"})
    void refusesOverlappingAlternationUnderAQuantifier(String pattern) {
        assertThat(BacktrackingCheck.problem(pattern))
                .contains("pattern may backtrack catastrophically (overlapping alternation under a quantifier)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "(?<x>a)\\k<x>"})
    void refusesBackreferences(String pattern) {
        assertThat(BacktrackingCheck.problem(pattern)).contains("backreferences are not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"get_.*", "delete_.*", "internal://.*", "sampling/createMessage", "(get|list)_[a-z]+",
            "(get|list)+", "(a+)?", "(?:-v\\d+)?", "[(a+)+]*", "\\(a+\\)+", "\\Q(a+)+\\E", "(a++)+", "(a+)*+",
            "(?>a+)+", "a{2,5}b*", "\\p{L}+(_\\p{L}+)?", "(?i)get_.*", "[]a]+", "(ab)*", "users://.*",
            "tools/(call|list)"})
    void acceptsOrdinaryPatterns(String pattern) {
        assertThat(Pattern.compile(pattern)).isNotNull();
        assertThat(BacktrackingCheck.problem(pattern)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?x)(a+) +", "(?ix: a)"})
    void refusesTheCommentsFlag(String pattern) {
        assertThat(BacktrackingCheck.problem(pattern)).contains("the comments flag (?x) is not supported");
    }
}
