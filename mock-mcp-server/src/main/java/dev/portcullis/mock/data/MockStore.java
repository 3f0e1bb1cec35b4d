package dev.portcullis.mock.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The mock's in-memory data: seeded users, posts and products, plus orders placed through it. Each server has its
 * own store, so tests do not see each other's writes. Methods are synchronized: cheap, and safe whichever thread a
 * test calls from.
 */
public final class MockStore {

    private static final String SEEDED_AT = "2026-01-01T00:00:00Z";

    private final Map<Integer, User> users = new TreeMap<>();
    private final Map<Integer, Post> posts = new TreeMap<>();
    private final Map<Integer, Product> products = new TreeMap<>();
    private final List<Order> orders = new ArrayList<>();
    private int nextUserId = 1;
    private int nextPostId = 1;
    private int nextOrderId = 1;

    public MockStore() {
        addUser("Alice Johnson", "alice@example.com", "admin", SEEDED_AT);
        addUser("Bob Smith", "bob@example.com", "user", SEEDED_AT);
        addUser("Carol White", "carol@example.com", "user", SEEDED_AT);
        addUser("Dave Brown", "dave@example.com", "viewer", SEEDED_AT);
        addUser("Eve Davis", "eve@example.com", "user", SEEDED_AT);
        addPost("Getting started with MCP", "The Model Context Protocol connects agents to tools.", 1, SEEDED_AT);
        addPost("Securing tool access", "Put a gateway in front of every MCP server.", 1, SEEDED_AT);
        addPost("Rate limits explained", "GCRA keeps bursts smooth.", 2, SEEDED_AT);
        addPost("Observability for agents", "Count every tool call.", 3, SEEDED_AT);
        addPost("Release notes 0.1", "First release of the demo platform.", 5, SEEDED_AT);
        products.put(1, new Product(1, "Mechanical Keyboard", "electronics", 8999, 25));
        products.put(2, new Product(2, "Wireless Mouse", "electronics", 2999, 50));
        products.put(3, new Product(3, "USB-C Hub", "electronics", 4599, 0));
        products.put(4, new Product(4, "Standing Desk", "furniture", 39900, 5));
        products.put(5, new Product(5, "Ergonomic Chair", "furniture", 24950, 8));
        products.put(6, new Product(6, "Clean Code (book)", "books", 3499, 100));
    }

    public synchronized List<User> users() {
        return List.copyOf(users.values());
    }

    public synchronized Optional<User> user(int id) {
        return Optional.ofNullable(users.get(id));
    }

    public synchronized Optional<User> userByEmail(String email) {
        return users.values().stream().filter(u -> u.email().equalsIgnoreCase(email)).findFirst();
    }

    public synchronized User addUser(String name, String email, String role, String createdAt) {
        User user = new User(nextUserId++, name, email, role, createdAt);
        users.put(user.id(), user);
        return user;
    }

    public synchronized User createUser(String name, String email, String role) {
        return addUser(name, email, role, Instant.now().toString());
    }

    public synchronized void replaceUser(User user) {
        users.put(user.id(), user);
    }

    public synchronized boolean deleteUser(int id) {
        return users.remove(id) != null;
    }

    public synchronized List<Post> posts() {
        return List.copyOf(posts.values());
    }

    public synchronized Optional<Post> post(int id) {
        return Optional.ofNullable(posts.get(id));
    }

    public synchronized Post addPost(String title, String content, int authorId, String createdAt) {
        Post post = new Post(nextPostId++, title, content, authorId, createdAt);
        posts.put(post.id(), post);
        return post;
    }

    public synchronized List<Product> products() {
        return List.copyOf(products.values());
    }

    public synchronized Optional<Product> product(int id) {
        return Optional.ofNullable(products.get(id));
    }

    /**
     * Places an order when every line is in stock, taking the stock; otherwise changes nothing and says why.
     * Quantities are positive and product ids were checked by the caller's argument validation only for shape.
     */
    public synchronized OrderResult placeOrder(int userId, Map<Integer, Integer> quantities) {
        if (!users.containsKey(userId)) {
            return new OrderResult.Rejected("user " + userId + " does not exist");
        }
        List<OrderLine> lines = new ArrayList<>();
        long total = 0;
        for (Map.Entry<Integer, Integer> entry : quantities.entrySet()) {
            Product product = products.get(entry.getKey());
            if (product == null) {
                return new OrderResult.Rejected("product " + entry.getKey() + " does not exist");
            }
            if (product.stock() < entry.getValue()) {
                return new OrderResult.Rejected("insufficient stock for product " + product.id() + " ("
                        + product.name() + "): " + product.stock() + " left, " + entry.getValue() + " requested");
            }
            lines.add(new OrderLine(product.id(), product.name(), entry.getValue(), product.priceCents()));
            total += product.priceCents() * entry.getValue();
        }
        for (OrderLine line : lines) {
            Product product = products.get(line.productId());
            products.put(product.id(), product.withStock(product.stock() - line.quantity()));
        }
        Order order = new Order(String.format("ORD-%05d", nextOrderId++), userId, lines, total,
                Instant.now().toString());
        orders.add(order);
        return new OrderResult.Placed(order);
    }

    public synchronized List<Order> orders() {
        return List.copyOf(orders);
    }
}
