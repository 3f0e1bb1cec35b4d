package dev.portcullis.controlplane.secret;

import java.time.Instant;

/**
 * A session key as the API shows it: never the key material.
 *
 * @param current   true for the key new session ids are sealed with
 * @param openUntil when a retired key stops opening session ids; null for the current key
 */
public record SessionKeyView(String id, boolean current, Instant createdAt, Instant retiredAt, Instant openUntil) {
}
