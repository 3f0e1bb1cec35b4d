package dev.portcullis.controlplane.analytics;

/**
 * One entry of the analytics stream.
 *
 * @param streamId the Redis entry id ({@code 1700000000000-0}), what is acknowledged
 * @param json     the {@code r} field, the record's JSON; null when the entry has no such field
 */
public record StreamEntry(String streamId, String json) {
}
