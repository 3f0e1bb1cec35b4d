package dev.portcullis.controlplane.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfMatchTest {

    @Test
    void absentHeaderIsRequiredForUpdates() {
        assertThatThrownBy(() -> new IfMatch(null).required()).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(428));
        assertThatThrownBy(() -> new IfMatch(" ").required()).isInstanceOf(ProblemException.class);
    }

    @Test
    void absentHeaderPassesTheCheckWhereItIsOptional() {
        assertThatCode(() -> new IfMatch(null).check(4)).doesNotThrowAnyException();
    }

    @Test
    void matchingStrongWeakListedOrWildcardTagsPass() {
        assertThatCode(() -> new IfMatch("\"4\"").check(4)).doesNotThrowAnyException();
        assertThatCode(() -> new IfMatch("W/\"4\"").check(4)).doesNotThrowAnyException();
        assertThatCode(() -> new IfMatch("\"1\", \"4\"").check(4)).doesNotThrowAnyException();
        assertThatCode(() -> new IfMatch("*").check(4)).doesNotThrowAnyException();
    }

    @Test
    void staleOrUnquotedTagIs412() {
        assertThatThrownBy(() -> new IfMatch("\"3\"").check(4))
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(412));
        assertThatThrownBy(() -> new IfMatch("4").check(4)).isInstanceOf(ProblemException.class);
    }
}
