package dev.portcullis.model.snapshot;

import dev.portcullis.model.json.CanonicalJson;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotSigningTest {

    private final KeyPair keys = Ed25519Keys.generate();
    private final SnapshotSigner signer = new SnapshotSigner(keys.getPrivate());
    private final SnapshotVerifier verifier = new SnapshotVerifier(keys.getPublic());

    @Test
    void verifiesWhatItSigned() {
        ConfigSnapshot snapshot = Snapshots.sample(7);

        SignedSnapshot signed = signer.sign(snapshot);

        assertThat(signed.keyId()).isEqualTo(Ed25519Keys.keyId(keys.getPublic())).isEqualTo(verifier.keyId());
        assertThat(verifier.verify(signed)).isEqualTo(snapshot);
    }

    @Test
    void carriesSealedSecretsUnderTheSignatureAndOmitsAnEmptySecretsMap() {
        ConfigSnapshot plain = Snapshots.sample(7);
        ConfigSnapshot withSecrets = new ConfigSnapshot(plain.schemaVersion(), plain.version(), plain.issuedAt(),
                plain.gatewayTags(), plain.proxies(), plain.keys(), plain.policies(), java.util.Map.of("pat",
                new dev.portcullis.model.secret.SealedSecret("ZXBr", "bm9uY2U", "Y2lwaGVy")));

        assertThat(verifier.verify(signer.sign(withSecrets))).isEqualTo(withSecrets);
        assertThat(new String(Base64.getDecoder().decode(signer.sign(plain).payload()), StandardCharsets.UTF_8))
                .doesNotContain("secrets");
    }

    @Test
    void signsTheCanonicalJsonOfTheSnapshot() {
        ConfigSnapshot snapshot = Snapshots.sample(7);

        byte[] payload = Base64.getDecoder().decode(signer.sign(snapshot).payload());

        assertThat(payload).isEqualTo(CanonicalJson.bytes(Json.mapper().valueToTree(snapshot)));
        assertThat(new String(payload, StandardCharsets.UTF_8))
                .startsWith("{\"gatewayTags\":[],\"issuedAt\":\"2026-11-21T10:15:30.123Z\",\"keys\":[");
    }

    @Test
    void survivesTheFeedAsJson() throws Exception {
        SignedSnapshot signed = signer.sign(Snapshots.sample(3));

        SignedSnapshot received = Json.mapper().readValue(Json.write(signed), SignedSnapshot.class);

        assertThat(verifier.verify(received).version()).isEqualTo(3);
    }

    @Test
    void rejectsAFlippedByteInThePayload() {
        SignedSnapshot signed = signer.sign(Snapshots.sample(1));
        byte[] payload = Base64.getDecoder().decode(signed.payload());
        payload[payload.length / 2] ^= 0x01;
        SignedSnapshot tampered = new SignedSnapshot(Base64.getEncoder().encodeToString(payload),
                signed.signature(), signed.keyId());

        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOf(SnapshotRejectedException.class).hasMessage("bad signature");
    }

    @Test
    void rejectsAFlippedByteInTheSignature() {
        SignedSnapshot signed = signer.sign(Snapshots.sample(1));
        byte[] signature = Base64.getDecoder().decode(signed.signature());
        signature[5] ^= 0x40;
        SignedSnapshot tampered = new SignedSnapshot(signed.payload(),
                Base64.getEncoder().encodeToString(signature), signed.keyId());

        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOf(SnapshotRejectedException.class).hasMessage("bad signature");
    }

    @Test
    void rejectsASnapshotSignedWithAnotherKeyUnderOurKeyId() {
        SignedSnapshot foreign = new SnapshotSigner(Ed25519Keys.generate().getPrivate()).sign(Snapshots.sample(1));
        SignedSnapshot disguised = new SignedSnapshot(foreign.payload(), foreign.signature(), verifier.keyId());

        assertThatThrownBy(() -> verifier.verify(disguised))
                .isInstanceOf(SnapshotRejectedException.class).hasMessage("bad signature");
    }

    @Test
    void rejectsAnUnknownKeyIdBeforeCheckingTheSignature() {
        SignedSnapshot foreign = new SnapshotSigner(Ed25519Keys.generate().getPrivate()).sign(Snapshots.sample(1));

        assertThatThrownBy(() -> verifier.verify(foreign))
                .isInstanceOf(SnapshotRejectedException.class).hasMessageStartingWith("unknown key id");
        SignedSnapshot ours = signer.sign(Snapshots.sample(1));
        assertThatThrownBy(() -> verifier.verify(new SignedSnapshot(ours.payload(), ours.signature(), "0123456789abcdef")))
                .isInstanceOf(SnapshotRejectedException.class).hasMessageStartingWith("unknown key id '0123456789abcdef'");
    }

    @Test
    void acceptsSnapshotsSignedByEitherKeyDuringARotation() {
        var next = Ed25519Keys.generate();
        SnapshotVerifier both = new SnapshotVerifier(List.of(keys.getPublic(), next.getPublic()));
        SignedSnapshot byNew = new SnapshotSigner(next.getPrivate()).sign(Snapshots.sample(2));
        SignedSnapshot byOld = signer.sign(Snapshots.sample(1));
        SignedSnapshot foreign = new SnapshotSigner(Ed25519Keys.generate().getPrivate()).sign(Snapshots.sample(3));

        assertThat(both.verify(byOld).version()).isEqualTo(1);
        assertThat(both.verify(byNew).version()).isEqualTo(2);
        assertThatThrownBy(() -> both.verify(foreign)).hasMessageContaining(" or ");
        SignedSnapshot swapped = new SignedSnapshot(byNew.payload(), byNew.signature(), byOld.keyId());
        assertThatThrownBy(() -> both.verify(swapped)).hasMessage("bad signature");
    }

    @Test
    void rejectsSignedPayloadsThatAreNotJsonOrNotBase64() {
        SignedSnapshot notJson = signRaw("not json at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verifier.verify(notJson)).hasMessage("payload is not JSON");

        SignedSnapshot ours = signer.sign(Snapshots.sample(1));
        assertThatThrownBy(() -> verifier.verify(new SignedSnapshot("%%%", ours.signature(), ours.keyId())))
                .hasMessage("payload or signature is not base64");
        assertThatThrownBy(() -> verifier.verify(new SignedSnapshot(ours.payload(), null, ours.keyId())))
                .hasMessage("incomplete signed snapshot");
    }

    @Test
    void rejectsSignedSnapshotsOfAnUnsupportedSchema() {
        SignedSnapshot future = signRaw("{\"schemaVersion\":2,\"version\":1}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> verifier.verify(future))
                .hasMessage("invalid snapshot: schemaVersion: unsupported version 2 (supported: 1)");
    }

    @Test
    void rejectsSignedSnapshotsWithAnInvalidDefinition() {
        String json = new String(CanonicalJson.bytes(Json.mapper().valueToTree(Snapshots.sample(1))),
                StandardCharsets.UTF_8).replace("\"timeoutMs\":30000", "\"timeoutMs\":0");

        assertThatThrownBy(() -> verifier.verify(signRaw(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(SnapshotRejectedException.class)
                .hasMessage("invalid snapshot: proxies[0].upstream.timeoutMs: must be greater than 0");
    }

    private SignedSnapshot signRaw(byte[] payload) {
        try {
            java.security.Signature signature = java.security.Signature.getInstance("Ed25519");
            signature.initSign(keys.getPrivate());
            signature.update(payload);
            return new SignedSnapshot(Base64.getEncoder().encodeToString(payload),
                    Base64.getEncoder().encodeToString(signature.sign()), verifier.keyId());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
