package dev.portcullis.mock.data;

/** A user of the mock's in-memory directory. */
public record User(int id, String name, String email, String role, String createdAt) {
}
