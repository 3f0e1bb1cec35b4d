package dev.portcullis.gateway.support.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MCP upstream for the fuzz campaign: answers every request at once (a JSON-RPC result echoing the id, a tools
 * list naming {@link JsonRpcMutator#DENIED_TOOL}, 202 for notifications and client responses) and checks every body
 * the gateway forwarded for a call it must never forward. It reads bodies leniently, as a careless server would:
 * every duplicate key counts, malformed UTF-8 is decoded the way Jackson decodes it, and a body that does not parse
 * is still scanned up to where it breaks. On 127.0.0.1, a free port.
 */
public final class RecordingUpstream implements AutoCloseable {

    private static final JsonFactory LENIENT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE).build()).build();
    private static final String INITIALIZE = """
            {"protocolVersion":"2025-11-25","serverInfo":{"name":"recording","version":"1"},
             "capabilities":{"tools":{},"prompts":{},"resources":{},"completions":{},"logging":{}}}""";
    /** Answers shaped like a real server's, so the gateway's answer filters have something to work on. */
    private static final Map<String, String> RESULTS = Map.of(
            "tools/list", """
                    {"tools":[{"name":"get_users","inputSchema":{"type":"object"}},
                              {"name":"delete_user","inputSchema":{"type":"object"}}]}""",
            "prompts/list", """
                    {"prompts":[{"name":"user_management"}]}""",
            "resources/list", """
                    {"resources":[{"uri":"users://list","name":"users"}]}""",
            "resources/templates/list", """
                    {"resourceTemplates":[{"uriTemplate":"users://{id}","name":"user"}]}""",
            "initialize", INITIALIZE,
            "server/discover", INITIALIZE);

    private final HttpServer server;
    private final AtomicLong forwarded = new AtomicLong();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    private RecordingUpstream(HttpServer server) {
        this.server = server;
    }

    public static RecordingUpstream start(Vertx vertx) throws Exception {
        RecordingUpstream[] self = new RecordingUpstream[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> self[0].handle(request))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        self[0] = new RecordingUpstream(server);
        return self[0];
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public long forwarded() {
        return forwarded.get();
    }

    /** What reached the upstream that the policy denies; empty while everything holds. */
    public List<String> violations() {
        return new ArrayList<>(violations);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            forwarded.incrementAndGet();
            Seen seen = scan(body.getBytes());
            String denied = seen.denied();
            if (denied != null) {
                violations.add(denied + " reached the upstream: " + preview(body));
            }
            if (seen.method == null || seen.id == null) {
                request.response().setStatusCode(202).end();
                return;
            }
            String result = RESULTS.getOrDefault(seen.method, "{}");
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end("{\"jsonrpc\":\"2.0\",\"id\":" + seen.id + ",\"result\":" + result + "}");
        }).onFailure(failure -> request.response().setStatusCode(400).end());
    }

    /** Everything a lenient reader could take from the body: every top-level method, every params name, etc. */
    static Seen scan(byte[] body) {
        Seen seen = new Seen();
        try (JsonParser parser = LENIENT.createParser(body)) {
            List<String> path = new ArrayList<>();
            String field = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> field = parser.currentName();
                    case START_OBJECT, START_ARRAY -> {
                        path.add(field == null ? "[]" : field);
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        if (!path.isEmpty()) {
                            path.remove(path.size() - 1);
                        }
                    }
                    default -> {
                        seen.value(path, field, token, parser);
                        field = null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a lenient reader would act on what it read before the break
        }
        return seen;
    }

    private static String preview(Buffer body) {
        String text = body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Values a lenient server could act on. */
    static final class Seen {
        final List<String> methods = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> refTypes = new ArrayList<>();
        String method;
        String id;

        void value(List<String> path, String field, JsonToken token, JsonParser parser) throws IOException {
            // path holds "[]" for the root container, then the field names of nested objects
            if (path.size() == 1 && "method".equals(field) && token == JsonToken.VALUE_STRING) {
                method = parser.getText();
                methods.add(method);
            } else if (path.size() == 1 && "id".equals(field)) {
                id = token == JsonToken.VALUE_STRING ? io.vertx.core.json.Json.encode(parser.getText())
                        : token.isNumeric() ? parser.getText() : null;
            } else if (path.size() == 2 && "params".equals(path.get(1)) && "name".equals(field)
                    && token == JsonToken.VALUE_STRING) {
                names.add(parser.getText());
            } else if (path.size() == 3 && "params".equals(path.get(1)) && "ref".equals(path.get(2))
                    && "type".equals(field) && token == JsonToken.VALUE_STRING) {
                refTypes.add(parser.getText());
            }
        }

        /**
         * The denied call this body makes, or null. Methods are read the way a careless server might: case folded,
         * whitespace and control characters dropped.
         */
        String denied() {
            List<String> folded = methods.stream().map(Seen::fold).toList();
            if (folded.contains("tools/call")) {
                for (String name : names) {
                    if (name.strip().toLowerCase(Locale.ROOT).equals(JsonRpcMutator.DENIED_TOOL)) {
                        return "tools/call " + name;
                    }
                }
            }
            for (String method : folded) {
                if (method.equals("prompts/get") || method.equals("prompts/list")) {
                    return method + " (both proxies deny it)";
                }
            }
            if (folded.contains("completion/complete")) {
                for (String type : refTypes) {
                    if (type.equalsIgnoreCase("ref/prompt")) {
                        return "completion/complete on a prompt (both proxies deny prompts/get)";
                    }
                }
            }
            return null;
        }

        private static String fold(String method) {
            StringBuilder out = new StringBuilder(method.length());
            method.codePoints().filter(c -> c > 0x20 && !Character.isISOControl(c) && !Character.isWhitespace(c)
                            && Character.getType(c) != Character.FORMAT && c != 0x2028 && c != 0x2029)
                    .forEach(out::appendCodePoint);
            return out.toString().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
