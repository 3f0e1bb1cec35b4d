package dev.portcullis.gateway.proxy;

/**
 * One Server-Sent Event. {@code event} is "message" when the stream named none; {@code id} null when absent.
 */
public record SseEvent(String event, String data, String id) {
}
