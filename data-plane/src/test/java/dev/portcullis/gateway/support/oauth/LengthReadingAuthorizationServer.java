package dev.portcullis.gateway.support.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An authorization server that reads a request body the way Python's {@code http.server} does: exactly
 * {@code Content-Length} bytes, none when the header is missing, whatever {@code Transfer-Encoding} says. A
 * client that sends its form chunked is seen sending an empty form. Serves RFC 7662 introspection at
 * {@code /introspect} (token {@link #GOOD_TOKEN} is active) and the client-credentials grant at {@code /token};
 * {@link #answer(Answer)} makes both answer nonsense instead. On 127.0.0.1, a free port.
 */
public final class LengthReadingAuthorizationServer implements AutoCloseable {

    public static final String GOOD_TOKEN = "opaque-good-token";
    public static final String ACCESS_TOKEN = "upstream-access-token";

    /** What the endpoints answer. */
    public enum Answer { PROPER, NOT_JSON, JSON_WITHOUT_ACTIVE, ACTIVE_AS_STRING, SERVER_ERROR, HTML_200 }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private volatile Answer answer = Answer.PROPER;
    private volatile String lastForm = "";

    private LengthReadingAuthorizationServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/introspect", exchange -> serve(exchange, true));
        server.createContext("/token", exchange -> serve(exchange, false));
        server.setExecutor(executor);
        server.start();
    }

    public static LengthReadingAuthorizationServer start() throws IOException {
        return new LengthReadingAuthorizationServer();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(Answer answer) {
        this.answer = answer;
    }

    /** The form body of the last request, as read by length. */
    public String lastForm() {
        return lastForm;
    }

    private void serve(HttpExchange exchange, boolean introspection) throws IOException {
        String form = readByLength(exchange);
        lastForm = form;
        Map<String, String> fields = parse(form);
        switch (answer) {
            case NOT_JSON -> send(exchange, 200, "text/plain", "ok");
            case HTML_200 -> send(exchange, 200, "application/json", "<html>maintenance</html>");
            case JSON_WITHOUT_ACTIVE -> send(exchange, 200, "application/json", "{\"status\":\"fine\"}");
            case ACTIVE_AS_STRING -> send(exchange, 200, "application/json", "{\"active\":\"true\",\"sub\":\"x\"}");
            case SERVER_ERROR -> send(exchange, 500, "text/plain", "Internal Server Error");
            case PROPER -> {
                if (introspection) {
                    boolean active = GOOD_TOKEN.equals(fields.get("token"));
                    send(exchange, 200, "application/json", active
                            ? "{\"active\":true,\"sub\":\"agent-len\",\"scope\":\"mcp:tools\"}"
                            : "{\"active\":false}");
                } else if ("client_credentials".equals(fields.get("grant_type"))) {
                    send(exchange, 200, "application/json", "{\"access_token\":\"" + ACCESS_TOKEN
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
                } else {
                    send(exchange, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
                }
            }
        }
    }

    private static String readByLength(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        int length = declared == null ? 0 : Integer.parseInt(declared.strip());
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
