package dev.portcullis.gateway.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.portcullis.model.policy.AccessList;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternRulesTest {

    private static final String EVIL_INPUT = "a".repeat(40) + "!";
    /** Java 9+ memoises simple nested quantifiers such as (a+)+, but not this one: it runs for seconds unbounded. */
    private static final String CATASTROPHIC = "(.*a){12}";

    @Test
    void blockPatternsMatchAcrossLineTerminators() {
        PatternRules rules = PatternRules.compile(new AccessList(List.of(), List.of("prompts/.*", "internal://.*")));

        for (String name : List.of("prompts/get\n", "prompts/\u0085get", "prompts/list\u2028", "prompts/\r",
                "internal://secrets\u2029x", "internal://\nsecrets")) {
            assertThat(rules.allows(name)).as(name).isFalse();
        }
        assertThat(rules.allows("tools/call")).isTrue();
    }

    @Test
    void boundsCatastrophicAllowPatternsAndDenies() {
        PatternRules nested = PatternRules.compile(new AccessList(List.of("(a+)+$"), List.of()));
        PatternRules exponential = PatternRules.compile(new AccessList(List.of(CATASTROPHIC), List.of()));

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(nested.allows(EVIL_INPUT)).isFalse();
            assertThat(exponential.allows(EVIL_INPUT)).isFalse();
        });
        assertThat(nested.allows("aaaa")).isTrue();
        assertThat(exponential.allows("a".repeat(12))).isTrue();
    }

    @Test
    void aBlockPatternThatExceedsItsBudgetDenies() {
        PatternRules rules = PatternRules.compile(new AccessList(List.of(), List.of(CATASTROPHIC, "(a+)+$")));

        boolean allowed = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> rules.allows(EVIL_INPUT));

        assertThat(allowed).isFalse();
        assertThat(rules.allows("get_users")).isTrue();
    }

    @Test
    void theStepBudgetStopsTheRegexEngine() {
        BoundedChars input = new BoundedChars(EVIL_INPUT, 1_000);

        assertThatThrownBy(() -> java.util.regex.Pattern.compile(CATASTROPHIC).matcher(input).matches())
                .isInstanceOf(BoundedChars.BudgetExceeded.class);
    }

    @Test
    void deniesNamesTooLongToMatch() {
        PatternRules rules = PatternRules.compile(new AccessList(List.of(".*"), List.of()));

        assertThat(rules.allows("x".repeat(PatternRules.MAX_INPUT))).isTrue();
        assertThat(rules.allows("x".repeat(PatternRules.MAX_INPUT + 1))).isFalse();
    }

    @Test
    void matchesTheWholeNameOnly() {
        PatternRules rules = PatternRules.compile(new AccessList(List.of("get"), List.of()));

        assertThat(rules.allows("get")).isTrue();
        assertThat(rules.allows("get_users")).isFalse();
        assertThat(rules.allows("forget")).isFalse();
    }
}
