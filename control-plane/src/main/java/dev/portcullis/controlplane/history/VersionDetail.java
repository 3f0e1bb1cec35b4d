package dev.portcullis.controlplane.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A configuration version with the proxy definitions and policies it held, as stored (arrays sorted by id). */
public record VersionDetail(long version, Instant changedAt, String actor, String change, boolean current,
                            JsonNode proxies, JsonNode policies) {
}
