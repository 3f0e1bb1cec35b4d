package dev.portcullis.mock.data;

/** Outcome of {@link MockStore#placeOrder}. */
public sealed interface OrderResult {

    record Placed(Order order) implements OrderResult {
    }

    record Rejected(String reason) implements OrderResult {
    }
}
