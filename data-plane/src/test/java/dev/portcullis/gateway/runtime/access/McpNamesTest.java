package dev.portcullis.gateway.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class McpNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"get_users", "a", "Tool.v2-beta", "0"})
    void acceptsNamesOfTheMcpCharset(String name) {
        assertThat(McpNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "delete_user ", " delete_user", "delete\u0000user", "delete_us\u0435r",
            "delete\u200buser", "delete/user", "ｄelete_user", "delete user"})
    void refusesSpacesControlCharactersAndLookAlikes(String name) {
        assertThat(McpNames.isValid(name)).isFalse();
    }

    @Test
    void limitsTheLengthTo128() {
        assertThat(McpNames.isValid("x".repeat(128))).isTrue();
        assertThat(McpNames.isValid("x".repeat(129))).isFalse();
    }
}
