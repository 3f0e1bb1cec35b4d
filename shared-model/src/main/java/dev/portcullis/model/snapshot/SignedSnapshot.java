package dev.portcullis.model.snapshot;

/**
 * What travels on the config feed and sits on a gateway's disk.
 *
 * @param payload   base64 (standard alphabet) of the canonical JSON of a {@link ConfigSnapshot}
 * @param signature base64 of the Ed25519 signature over the decoded payload bytes
 * @param keyId     {@link Ed25519Keys#keyId} of the signing key's public half
 */
public record SignedSnapshot(String payload, String signature, String keyId) {
}
