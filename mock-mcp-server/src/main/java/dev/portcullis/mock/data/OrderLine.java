package dev.portcullis.mock.data;

/** One line of a placed order. */
public record OrderLine(int productId, String productName, int quantity, long unitPriceCents) {
}
