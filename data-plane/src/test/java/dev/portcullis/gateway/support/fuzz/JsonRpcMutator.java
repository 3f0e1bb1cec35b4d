package dev.portcullis.gateway.support.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates mutated JSON-RPC requests of both MCP revisions (2025-11-25, and 2026-07-28 with its
 * {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers and {@code params._meta}).
 * Case {@code i} of seed {@code s} is always the same bytes: {@link #generate(long)} depends on nothing else.
 * Many cases aim at the tool {@link #DENIED_TOOL} and the methods the fuzz policy denies, so the campaign keeps
 * checking that no mutation gets a denied call through.
 */
public final class JsonRpcMutator {

    public static final String DENIED_TOOL = "delete_user";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TOOLS = {"get_users", "get_posts", "create_user", DENIED_TOOL};
    private static final String[] NAME_VARIANTS = {DENIED_TOOL, "DELETE_USER", "Delete_User", "delete_user ",
            " delete_user", "delete_user\u0000", "d\u0435lete_user", "delete_user/", "delete_user\n", "delete_users",
            "delete_user\u200b", "delete-user", "delete.user", "delete_user\ufeff", "", "x".repeat(300)};
    private static final String[] METHOD_VARIANTS = {"tools/call", "Tools/Call", "tools/call ", "tools/call\u0000",
            "tools//call", "/tools/call", "tools/call/", "", "tools/list", "prompts/get", "completion/complete",
            "resources/read", "notifications/tools/call", "rpc.discover", "initialize", "ping"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xc1, (byte) 0x9f}, {(byte) 0xc0, (byte) 0x80},
            {(byte) 0xe0, (byte) 0x81, (byte) 0x9f}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff},
            {(byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xc3},
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}};
    private static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/json; charset=utf-8",
            "application/x-www-form-urlencoded", "application/json; charset=latin1", "*/*"};

    private final long seed;
    private final String key;

    /** @param key the agent's key, sent as a bearer credential by most cases */
    public JsonRpcMutator(long seed, String key) {
        this.seed = seed;
        this.key = key;
    }

    public FuzzCase generate(long index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        List<String> recipe = new ArrayList<>();
        List<String[]> headers = new ArrayList<>();
        boolean v2026 = random.nextBoolean();
        recipe.add(v2026 ? "2026" : "2025");
        ObjectNode message = base(random, v2026, recipe);
        int treeMutations = random.nextInt(10) < 4 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < treeMutations; i++) {
            mutateTree(random, message, recipe);
        }
        byte[] body = serialize(message);
        int byteMutations = random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < byteMutations; i++) {
            body = mutateBytes(random, body, recipe);
        }
        headers(random, message, v2026, headers, recipe);
        return new FuzzCase(index, String.join(",", recipe), headers, body);
    }

    private ObjectNode base(SplittableRandom random, boolean v2026, List<String> recipe) {
        ObjectNode message = NODES.objectNode().put("jsonrpc", "2.0");
        if (random.nextInt(10) < 8) {
            if (random.nextBoolean()) {
                message.put("id", random.nextInt(1_000_000));
            } else {
                message.put("id", "req-" + random.nextInt(1000));
            }
        }
        ObjectNode params = NODES.objectNode();
        String method;
        switch (random.nextInt(14)) {
            case 0, 1, 2, 3, 4 -> {
                method = "tools/call";
                String tool = random.nextInt(10) < 5 ? DENIED_TOOL : TOOLS[random.nextInt(TOOLS.length)];
                params.put("name", tool).set("arguments", NODES.objectNode().put("user_id", "1"));
            }
            case 5 -> {
                method = "prompts/get";
                params.put("name", "user_management");
            }
            case 6 -> {
                method = "completion/complete";
                ObjectNode ref = random.nextBoolean()
                        ? NODES.objectNode().put("type", "ref/prompt").put("name", "user_management")
                        : NODES.objectNode().put("type", "ref/resource").put("uri", "users://{id}");
                params.set("ref", ref);
                params.set("argument", NODES.objectNode().put("name", "id").put("value", "1"));
            }
            case 7 -> {
                method = "resources/read";
                params.put("uri", "users://list");
            }
            case 8 -> method = "tools/list";
            case 9 -> {
                method = "initialize";
                params.put("protocolVersion", "2025-11-25").set("capabilities", NODES.objectNode());
                params.set("clientInfo", NODES.objectNode().put("name", "fuzz").put("version", "1"));
            }
            case 10 -> method = random.nextBoolean() ? "ping" : "prompts/list";
            case 11 -> method = random.nextBoolean() ? "notifications/initialized" : "notifications/cancelled";
            case 12 -> method = "resources/list";
            default -> method = null; // a client response to a server request
        }
        if (method == null) {
            message.put("id", "srv-" + random.nextInt(100));
            message.set("result", NODES.objectNode().set("roots", NODES.arrayNode()));
            recipe.add("response");
            return message;
        }
        message.put("method", method);
        recipe.add(method);
        if (v2026) {
            ObjectNode meta = NODES.objectNode().put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
            meta.set("io.modelcontextprotocol/clientInfo", NODES.objectNode().put("name", "fuzz").put("version", "1"));
            meta.set("io.modelcontextprotocol/clientCapabilities", NODES.objectNode());
            params.set("_meta", meta);
        }
        if (!params.isEmpty()) {
            message.set("params", params);
        }
        return message;
    }

    private void mutateTree(SplittableRandom random, ObjectNode message, List<String> recipe) {
        ObjectNode params = message.get("params") instanceof ObjectNode p ? p : null;
        switch (random.nextInt(9)) {
            case 0 -> {
                if (params != null) {
                    params.put("name", NAME_VARIANTS[random.nextInt(NAME_VARIANTS.length)]);
                    recipe.add("name-variant");
                }
            }
            case 1 -> {
                message.put("method", METHOD_VARIANTS[random.nextInt(METHOD_VARIANTS.length)]);
                recipe.add("method-variant");
            }
            case 2 -> {
                List<ObjectNode> holders = new ArrayList<>();
                collectObjects(message, holders);
                ObjectNode holder = holders.get(random.nextInt(holders.size()));
                List<String> names = new ArrayList<>();
                holder.fieldNames().forEachRemaining(names::add);
                if (!names.isEmpty()) {
                    holder.set(names.get(random.nextInt(names.size())), randomValue(random, 0));
                    recipe.add("wrong-type");
                }
            }
            case 3 -> {
                List<ObjectNode> holders = new ArrayList<>();
                collectObjects(message, holders);
                ObjectNode holder = holders.get(random.nextInt(holders.size()));
                List<String> names = new ArrayList<>();
                holder.fieldNames().forEachRemaining(names::add);
                if (!names.isEmpty()) {
                    holder.remove(names.get(random.nextInt(names.size())));
                    recipe.add("remove-key");
                }
            }
            case 4 -> {
                String[] keys = {"id", "method", "params", "jsonrpc", "result", "error", "name", "uri", "ref"};
                message.set(keys[random.nextInt(keys.length)], randomValue(random, 0));
                recipe.add("add-field");
            }
            case 5 -> {
                if (params != null) {
                    params.set("arguments", NODES.objectNode().put("pad", "x".repeat(hugeLength(random))));
                    recipe.add("huge-string");
                }
            }
            case 6 -> {
                if (params != null) {
                    ObjectNode ref = NODES.objectNode();
                    ref.put("type", random.nextBoolean() ? "ref/prompt" : random.nextBoolean() ? "ref/Prompt" : "x");
                    ref.put("name", "user_management");
                    if (random.nextBoolean()) {
                        ref.put("uri", "users://list");
                    }
                    params.set("ref", ref);
                    recipe.add("ref-variant");
                }
            }
            case 7 -> {
                JsonNode[] ids = {NODES.nullNode(), NODES.numberNode(1.5), NODES.booleanNode(true),
                        NODES.objectNode(), NODES.arrayNode(), NODES.numberNode(Long.MIN_VALUE),
                        NODES.textNode("")};
                message.set("id", ids[random.nextInt(ids.length)]);
                recipe.add("id-variant");
            }
            default -> {
                message.put("jsonrpc", random.nextBoolean() ? "1.0" : "2.0 ");
                recipe.add("jsonrpc-variant");
            }
        }
    }

    private static int hugeLength(SplittableRandom random) {
        return random.nextInt(20) == 0 ? 900_000 + random.nextInt(300_000) : 10_000 + random.nextInt(100_000);
    }

    private byte[] mutateBytes(SplittableRandom random, byte[] body, List<String> recipe) {
        String text = new String(body, StandardCharsets.UTF_8);
        switch (random.nextInt(12)) {
            case 0 -> {
                recipe.add("dup-name");
                return replaceFirst(text, "\"params\":{", "\"params\":{\"name\":\"" + DENIED_TOOL + "\",", body);
            }
            case 1 -> {
                recipe.add("dup-params");
                return replaceFirst(text, "{", "{\"params\":{\"name\":\"" + DENIED_TOOL + "\"},", body);
            }
            case 2 -> {
                recipe.add("dup-method");
                return replaceFirst(text, "{", "{\"method\":\"tools/call\",", body);
            }
            case 3 -> {
                recipe.add("batch");
                return (random.nextBoolean() ? "[" + text + "]" : "[" + text + "," + text + "]")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                recipe.add("deep-nesting");
                int depth = 100 + random.nextInt(random.nextBoolean() ? 2_000 : 100_000);
                String nested = (random.nextBoolean() ? "[" : "{\"a\":").repeat(depth);
                return replaceFirst(text, "\"jsonrpc\"", "\"deep\":" + nested, body);
            }
            case 5 -> {
                recipe.add("escaped-name");
                return replaceFirst(text, "\"" + DENIED_TOOL + "\"", "\"\\u0064elete\\u005fuser\"", body);
            }
            case 6 -> {
                recipe.add("overlong-name");
                int at = text.indexOf(DENIED_TOOL);
                if (at < 0) {
                    return insert(body, random.nextInt(body.length + 1), BAD_UTF8[0]);
                }
                byte[] prefix = text.substring(0, at + 6).getBytes(StandardCharsets.UTF_8);
                return concat(prefix, BAD_UTF8[random.nextInt(3)],
                        text.substring(at + 7).getBytes(StandardCharsets.UTF_8));
            }
            case 7 -> {
                recipe.add("bad-utf8");
                return insert(body, random.nextInt(body.length + 1), BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
            }
            case 8 -> {
                recipe.add("flip");
                byte[] copy = body.clone();
                if (copy.length > 0) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
                return copy;
            }
            case 9 -> {
                recipe.add("truncate");
                return java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
            }
            case 10 -> {
                recipe.add("trailing");
                String[] tails = {"}", "{}", " x", "\u0000", "," + text, "\n\n"};
                return (text + tails[random.nextInt(tails.length)]).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                recipe.add("bom-or-space");
                return concat(random.nextBoolean() ? new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}
                        : " \t\r\n".getBytes(StandardCharsets.US_ASCII), body, new byte[0]);
            }
        }
    }

    private void headers(SplittableRandom random, ObjectNode message, boolean v2026, List<String[]> headers,
                         List<String> recipe) {
        int credential = random.nextInt(20);
        if (credential > 1) {
            headers.add(new String[] {"Authorization", "Bearer " + key});
        } else if (credential == 1) {
            headers.add(new String[] {"Authorization", "Bearer " + key});
            headers.add(new String[] {"Authorization", "Bearer pcs_not_a_key"});
            recipe.add("two-credentials");
        } else {
            recipe.add("no-credential");
        }
        if (random.nextInt(10) > 0) {
            headers.add(new String[] {"Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]});
        }
        headers.add(new String[] {"Accept", random.nextInt(10) > 0 ? "application/json, text/event-stream" : "*/*"});
        if (random.nextInt(30) == 0) {
            headers.add(new String[] {"Origin", random.nextBoolean() ? "http://evil.example" : "null"});
            recipe.add("origin");
        }
        if (!v2026) {
            if (random.nextInt(10) == 0) {
                headers.add(new String[] {"MCP-Protocol-Version", random.nextBoolean() ? "2025-11-25" : "1999-01-01"});
            }
            return;
        }
        String method = message.path("method").isTextual() ? message.path("method").textValue() : "";
        JsonNode params = message.path("params");
        String name = params.path("name").isTextual() ? params.path("name").textValue()
                : params.path("uri").isTextual() ? params.path("uri").textValue() : null;
        headers.add(new String[] {"MCP-Protocol-Version", random.nextInt(20) > 0 ? "2026-07-28" : "2026-13-99"});
        switch (random.nextInt(8)) {
            case 0 -> recipe.add("no-mcp-method");
            case 1 -> {
                headers.add(new String[] {"Mcp-Method", ascii(method)});
                headers.add(new String[] {"Mcp-Method", "tools/list"});
                recipe.add("two-mcp-method");
            }
            case 2 -> {
                headers.add(new String[] {"Mcp-Method", "tools/list"});
                recipe.add("wrong-mcp-method");
            }
            default -> headers.add(new String[] {"Mcp-Method", ascii(method)});
        }
        if (name != null) {
            switch (random.nextInt(6)) {
                case 0 -> recipe.add("no-mcp-name");
                case 1 -> {
                    headers.add(new String[] {"Mcp-Name", "get_users"});
                    recipe.add("wrong-mcp-name");
                }
                default -> headers.add(new String[] {"Mcp-Name", ascii(name)});
            }
        }
    }

    /** The header-safe form of a value: visible ASCII kept, anything else percent-encoded. */
    private static String ascii(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b > 0x20 && b < 0x7f && b != '%') {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static JsonNode randomValue(SplittableRandom random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e300);
            case 4 -> NODES.textNode(TOOLS[random.nextInt(TOOLS.length)]);
            case 5 -> NODES.textNode(NAME_VARIANTS[random.nextInt(NAME_VARIANTS.length)]);
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(random.nextBoolean() ? "name" : "k" + i, randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        node.elements().forEachRemaining(child -> collectObjects(child, into));
    }

    private static byte[] serialize(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] replaceFirst(String text, String target, String replacement, byte[] unchanged) {
        int at = text.indexOf(target);
        if (at < 0) {
            return unchanged;
        }
        return (text.substring(0, at) + replacement + text.substring(at + target.length()))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insert(byte[] body, int at, byte[] bytes) {
        return concat(java.util.Arrays.copyOf(body, at), bytes, java.util.Arrays.copyOfRange(body, at, body.length));
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length + c.length);
        out.writeBytes(a);
        out.writeBytes(b);
        out.writeBytes(c);
        return out.toByteArray();
    }
}
