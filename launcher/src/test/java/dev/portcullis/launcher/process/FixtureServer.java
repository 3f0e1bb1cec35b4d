package dev.portcullis.launcher.process;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in child process for supervision tests (the real products are built by other modules). Its role follows
 * the directory its jar is in (children inherit the launcher's environment, so variables cannot tell):
 * {@code data-plane} is a gateway (health on the management port), {@code control-plane} the control plane (health on its port,
 * writes a public key file, answers the seed's {@code POST /api/mcps} and {@code POST /api/keys}, keeps the first
 * admin token and the {@code mock-mcp} proxy in its data directory and serves it back by GET / PUT with If-Match),
 * mock (/health).
 * A gateway also serves {@code /mock-mcp/mcp} on its agent port to the key the fake control plane hands out.
 * {@code FIXTURE_EXIT=<code>} exits at once; every role serves {@code /env} (its environment, one
 * {@code NAME=value} per line) and prints "graceful-stop" from a shutdown hook.
 */
public final class FixtureServer {

    /** The demo key the fake control plane creates. */
    public static final String DEMO_KEY = "pcs_fixture-demo-key";

    private FixtureServer() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        if (env.containsKey("FIXTURE_EXIT")) {
            System.out.println("exiting on purpose");
            System.exit(Integer.parseInt(env.get("FIXTURE_EXIT")));
        }
        int port;
        String healthPath;
        String jar = System.getProperty("java.class.path");
        boolean gateway = jar.contains("data-plane");
        boolean controlPlane = jar.contains("control-plane");
        if (gateway) {
            port = Integer.parseInt(env.get("PORTCULLIS_GATEWAY_MANAGEMENT_PORT"));
            healthPath = "/q/health/ready";
        } else if (controlPlane) {
            port = Integer.parseInt(env.get("PORTCULLIS_CP_PORT"));
            healthPath = "/q/health/ready";
            Path key = Path.of(env.get("PORTCULLIS_DATA_DIR"), "signing", "ed25519-public.pem");
            Files.createDirectories(key.getParent());
            Files.writeString(key, "-----BEGIN PUBLIC KEY-----\nfixture\n-----END PUBLIC KEY-----\n");
        } else {
            port = Integer.parseInt(env.getOrDefault("MOCK_MCP_PORT", "0"));
            healthPath = "/health";
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        if (gateway) {
            HttpServer agents = HttpServer.create(
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(env.get("PORTCULLIS_GATEWAY_PORT"))), 16);
            agents.createContext("/mock-mcp/mcp", exchange -> respond(exchange,
                    ("Bearer " + DEMO_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401,
                    "{}"));
            agents.start();
        } else if (controlPlane) {
            String admin = "Bearer " + firstAdminToken(Path.of(env.get("PORTCULLIS_DATA_DIR")),
                    env.get("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN"));
            Path proxy = Path.of(env.get("PORTCULLIS_DATA_DIR"), "mock-mcp.json");
            server.createContext("/api/mcps", exchange -> {
                if (!admin.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    respond(exchange, 401, "{}");
                } else if (exchange.getRequestMethod().equals("POST")) {
                    Files.write(proxy, exchange.getRequestBody().readAllBytes());
                    respond(exchange, 201, "{}");
                } else if (!Files.exists(proxy)) {
                    respond(exchange, 404, "{}");
                } else if (exchange.getRequestMethod().equals("GET")) {
                    exchange.getResponseHeaders().add("ETag", "\"" + Files.getLastModifiedTime(proxy).toMillis() + "\"");
                    respond(exchange, 200, Files.readString(proxy));
                } else if (("\"" + Files.getLastModifiedTime(proxy).toMillis() + "\"")
                        .equals(exchange.getRequestHeaders().getFirst("If-Match"))) {
                    Files.write(proxy, exchange.getRequestBody().readAllBytes());
                    respond(exchange, 200, "{}");
                } else {
                    respond(exchange, 412, "{}");
                }
            });
            // What up asks before its first request through the gateway: the current version (ETag) and what the
            // gateway applied; once the proxy is seeded the fixture's gateway has "applied" it.
            server.createContext("/api/config/versions", exchange -> {
                exchange.getResponseHeaders().add("ETag", "\"1\"");
                respond(exchange, admin.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401,
                        "{\"items\":[]}");
            });
            server.createContext("/api/gateways", exchange -> respond(exchange,
                    admin.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401,
                    Files.exists(proxy) ? "[{\"id\":\"gateway-1\",\"appliedVersion\":1}]" : "[]"));
            server.createContext("/api/keys", exchange -> respond(exchange,
                    admin.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 201 : 401,
                    "{\"id\":\"k1\",\"alias\":\"demo-agent\",\"key\":\"" + DEMO_KEY + "\"}"));
        }
        server.createContext(healthPath, exchange -> respond(exchange, "ok"));
        server.createContext("/env", exchange -> {
            StringBuilder body = new StringBuilder();
            new TreeMap<>(env).forEach((name, value) -> body.append(name).append('=').append(value).append('\n'));
            respond(exchange, body.toString());
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("graceful-stop")));
        System.out.println("listening on " + server.getAddress().getPort());
    }

    /** Like the real control plane, the first admin token sticks: it is in the "database", the data directory. */
    private static String firstAdminToken(Path dataDirectory, String offered) throws IOException {
        Path stored = dataDirectory.resolve("admin-token");
        if (!Files.exists(stored)) {
            Files.writeString(stored, offered);
        }
        return Files.readString(stored);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        respond(exchange, 200, body);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
