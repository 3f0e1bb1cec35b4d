package dev.portcullis.controlplane.dashboard;

/** An entry of a select list on a dashboard form: the id submitted and the name shown next to it. */
public record Choice(String id, String name) {
}
