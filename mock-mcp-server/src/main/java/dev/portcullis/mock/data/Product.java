package dev.portcullis.mock.data;

/** A product of the mock's in-memory catalog; price in cents so totals are exact. */
public record Product(int id, String name, String category, long priceCents, int stock) {

    public Product withStock(int newStock) {
        return new Product(id, name, category, priceCents, newStock);
    }
}
