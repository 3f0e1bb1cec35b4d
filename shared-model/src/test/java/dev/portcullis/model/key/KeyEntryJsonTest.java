package dev.portcullis.model.key;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.Violations;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyEntryJsonTest {

    private static final String FINGERPRINT = "0123456789abcdef".repeat(4);

    @Test
    void roundTripsABoundKey() throws Exception {
        KeyEntry bound = new KeyEntry("k", "bot", KeyTokens.hash("t"), null, List.of("p"), List.of(),
                List.of(FINGERPRINT));

        byte[] json = Json.write(bound);

        assertThat(Json.mapper().readTree(json).get("certificateFingerprints").get(0).asText())
                .isEqualTo(FINGERPRINT);
        KeyEntry read = Json.mapper().readValue(json, KeyEntry.class);
        assertThat(read).isEqualTo(bound);
        assertThat(read.boundToCertificate()).isTrue();
    }

    @Test
    void anUnboundKeyWritesNoFingerprintFieldAndAnOldEntryReadsAsUnbound() throws Exception {
        KeyEntry unbound = new KeyEntry("k", "bot", KeyTokens.hash("t"), null, List.of("p"), List.of());

        ObjectNode json = (ObjectNode) Json.mapper().readTree(Json.write(unbound));

        assertThat(json.has("certificateFingerprints")).isFalse();
        KeyEntry old = Json.mapper().readValue("""
                {"id":"k","alias":"bot","hash":"%s","proxies":["p"],"policies":[]}""".formatted(KeyTokens.hash("t")),
                KeyEntry.class);
        assertThat(old.certificateFingerprints()).isEmpty();
        assertThat(old.boundToCertificate()).isFalse();
    }

    @Test
    void rejectsFingerprintsNotInCanonicalForm() {
        KeyEntry key = new KeyEntry("k", "bot", KeyTokens.hash("t"), null, List.of("p"), List.of(),
                List.of(FINGERPRINT, FINGERPRINT.toUpperCase()));
        Violations root = Violations.root();

        key.validate(root.at("key"));

        assertThat(root.list()).extracting(Object::toString).singleElement().asString()
                .contains("key.certificateFingerprints[1]");
    }
}
