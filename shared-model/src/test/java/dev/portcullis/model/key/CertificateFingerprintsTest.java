package dev.portcullis.model.key;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateFingerprintsTest {

    private static final String CANONICAL = "ab".repeat(16) + "0123456789abcdef".repeat(2);

    @Test
    void acceptsHexWithOrWithoutColonsInAnyCase() {
        String colons = String.join(":", CANONICAL.toUpperCase().split("(?<=\\G..)"));

        assertThat(CertificateFingerprints.normalise(CANONICAL)).isEqualTo(CANONICAL);
        assertThat(CertificateFingerprints.normalise(" " + CANONICAL.toUpperCase() + "\n")).isEqualTo(CANONICAL);
        assertThat(colons).hasSize(95);
        assertThat(CertificateFingerprints.normalise(colons)).isEqualTo(CANONICAL);
    }

    @Test
    void refusesAnythingElse() {
        assertThat(CertificateFingerprints.normalise(null)).isNull();
        assertThat(CertificateFingerprints.normalise(CANONICAL.substring(1))).isNull();
        assertThat(CertificateFingerprints.normalise(CANONICAL + "0")).isNull();
        assertThat(CertificateFingerprints.normalise("g" + CANONICAL.substring(1))).isNull();
        assertThat(CertificateFingerprints.normalise(CANONICAL.substring(0, 2) + ":" + CANONICAL.substring(2)))
                .isNull();
        assertThat(CertificateFingerprints.normalise("SHA256 Fingerprint=" + CANONICAL)).isNull();
    }

    @Test
    void fingerprintsAreTheSha256OfTheDerBytes() {
        assertThat(CertificateFingerprints.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
