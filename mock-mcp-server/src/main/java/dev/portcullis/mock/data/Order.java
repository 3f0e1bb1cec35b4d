package dev.portcullis.mock.data;

import java.util.List;

/** A placed order; stock was taken when it was created. */
public record Order(String id, int userId, List<OrderLine> lines, long totalCents, String createdAt) {

    public Order {
        lines = List.copyOf(lines);
    }
}
