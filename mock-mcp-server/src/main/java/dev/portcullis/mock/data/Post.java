package dev.portcullis.mock.data;

/** A blog post of the mock's in-memory content store. */
public record Post(int id, String title, String content, int authorId, String createdAt) {
}
