package dev.portcullis.mock.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void acceptsOrdinaryAddresses() {
        assertThat(EmailAddress.isValid("alice@example.com")).isTrue();
        assertThat(EmailAddress.isValid("first.last+tag@mail.example.co.uk")).isTrue();
    }

    @Test
    void explainsWhyAnAddressIsInvalid() {
        assertThat(EmailAddress.problem("no-at-sign")).hasValue("missing '@'");
        assertThat(EmailAddress.problem(".dot@example.com")).hasValue("invalid local part");
        assertThat(EmailAddress.problem("a..b@example.com")).hasValue("invalid local part");
        assertThat(EmailAddress.problem("a@localhost")).hasValue("invalid domain");
        assertThat(EmailAddress.problem("a@-bad.com")).hasValue("invalid domain");
    }

    @Test
    void lowercasesOnlyTheDomainWhenNormalizing() {
        assertThat(EmailAddress.normalize("Alice@Example.COM")).isEqualTo("Alice@example.com");
    }
}
