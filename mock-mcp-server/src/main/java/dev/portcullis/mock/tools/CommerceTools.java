package dev.portcullis.mock.tools;

import static dev.portcullis.mock.tools.Schemas.arrayOf;
import static dev.portcullis.mock.tools.Schemas.bool;
import static dev.portcullis.mock.tools.Schemas.hints;
import static dev.portcullis.mock.tools.Schemas.integer;
import static dev.portcullis.mock.tools.Schemas.number;
import static dev.portcullis.mock.tools.Schemas.object;
import static dev.portcullis.mock.tools.Schemas.required;
import static dev.portcullis.mock.tools.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.data.MockStore;
import dev.portcullis.mock.data.Order;
import dev.portcullis.mock.data.OrderLine;
import dev.portcullis.mock.data.OrderResult;
import dev.portcullis.mock.data.Product;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** get_products and process_order over the in-memory catalog. */
final class CommerceTools {

    private final MockStore store;

    CommerceTools(MockStore store) {
        this.store = store;
    }

    List<Tool> tools() {
        ObjectNode line = object(required("product_id", "quantity"),
                "product_id", integer("Product id", 1, Integer.MAX_VALUE),
                "quantity", integer("How many", 1, 1000));
        return List.of(
                Tool.of("get_products", "Get products", "List catalog products with price and stock.",
                        object(required(),
                                "category", string("Only this category (electronics, furniture, books)"),
                                "in_stock_only", bool("Hide products that are out of stock", false),
                                "max_price", number("Highest price, in dollars", 0, 1_000_000)),
                        hints(true, false, true), Set.of(), this::getProducts),
                Tool.of("process_order", "Process order",
                        "Place an order for a user; takes stock, fails when any line is out of stock.",
                        object(required("user_id", "items"),
                                "user_id", integer("Ordering user's id", 1, Integer.MAX_VALUE),
                                "items", arrayOf("Order lines", line, 1)),
                        hints(false, false, false), Set.of("products://catalog"), this::processOrder));
    }

    static ObjectNode toJson(Product product) {
        return Json.object().put("id", product.id()).put("name", product.name())
                .put("category", product.category()).put("price", dollars(product.priceCents()))
                .put("stock", product.stock()).put("inStock", product.stock() > 0);
    }

    private static BigDecimal dollars(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private ToolResult getProducts(ToolArgs args, CallContext context) {
        Optional<String> category = args.optionalString("category");
        boolean inStockOnly = args.optionalBoolean("in_stock_only", false);
        Optional<Double> maxPrice = args.optionalNumber("max_price", 0, 1_000_000);
        ObjectNode result = Json.object();
        ArrayNode products = result.putArray("products");
        store.products().stream()
                .filter(p -> category.isEmpty() || p.category().equalsIgnoreCase(category.get()))
                .filter(p -> !inStockOnly || p.stock() > 0)
                .filter(p -> maxPrice.isEmpty() || p.priceCents() <= Math.round(maxPrice.get() * 100))
                .forEach(p -> products.add(toJson(p)));
        result.put("total", products.size());
        return ToolResult.json(result);
    }

    private ToolResult processOrder(ToolArgs args, CallContext context) {
        int userId = args.requiredInt("user_id", 1, Integer.MAX_VALUE);
        JsonNode items = args.requiredArray("items");
        if (items.isEmpty()) {
            return ToolResult.error("'items' must contain at least one line");
        }
        Map<Integer, Integer> quantities = new LinkedHashMap<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                return ToolResult.error("each item must be an object with product_id and quantity");
            }
            ToolArgs line = new ToolArgs((ObjectNode) item);
            int productId = line.requiredInt("product_id", 1, Integer.MAX_VALUE);
            int quantity = line.requiredInt("quantity", 1, 1000);
            quantities.merge(productId, quantity, Integer::sum);
        }
        OrderResult result = store.placeOrder(userId, quantities);
        if (result instanceof OrderResult.Rejected rejected) {
            return ToolResult.error("order rejected: " + rejected.reason());
        }
        Order order = ((OrderResult.Placed) result).order();
        ObjectNode json = Json.object().put("orderId", order.id()).put("userId", order.userId())
                .put("status", "confirmed").put("total", dollars(order.totalCents()))
                .put("createdAt", order.createdAt());
        ArrayNode lines = json.putArray("items");
        for (OrderLine orderLine : order.lines()) {
            lines.addObject().put("productId", orderLine.productId()).put("name", orderLine.productName())
                    .put("quantity", orderLine.quantity()).put("unitPrice", dollars(orderLine.unitPriceCents()));
        }
        return ToolResult.json(json);
    }
}
