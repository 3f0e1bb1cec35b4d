package dev.portcullis.mock.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolVersionsTest {

    @Test
    void keepsASupportedVersionAndOffersTheLatestOtherwise() {
        assertThat(ProtocolVersions.negotiate("2025-06-18")).isEqualTo("2025-06-18");
        assertThat(ProtocolVersions.negotiate("2025-03-26")).isEqualTo("2025-03-26");
        assertThat(ProtocolVersions.negotiate("2024-11-05")).isEqualTo("2025-11-25");
        assertThat(ProtocolVersions.negotiate("garbage")).isEqualTo("2025-11-25");
    }
}
