package dev.portcullis.gateway.runtime.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code initialize} (or {@code server/discover}) result of a virtual server from its members' results: the
 * union of their capabilities (a flag such as {@code listChanged} or {@code subscribe} is on when any member has it;
 * {@code experimental} is dropped: what it means belongs to one server), the protocol version agreed, the virtual
 * server's own {@code serverInfo}, and the members' instructions, each under a line naming the member.
 */
public final class CapabilityUnion {

    /** One member's result. */
    public record MemberResult(String member, JsonNode result) {
    }

    private static final List<String> KNOWN = List.of("tools", "prompts", "resources", "logging", "completions");

    private CapabilityUnion() {
    }

    /**
     * @param protocolVersion the version to answer with (null to leave it out)
     * @param serverName      the virtual server's name
     * @param version         the gateway's version
     */
    public static ObjectNode merge(List<MemberResult> results, String protocolVersion, String serverName,
                                   String version) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (protocolVersion != null) {
            out.put("protocolVersion", protocolVersion);
        }
        out.set("capabilities", capabilities(results));
        out.putObject("serverInfo").put("name", serverName).put("version", version);
        String instructions = instructions(results);
        if (!instructions.isEmpty()) {
            out.put("instructions", instructions);
        }
        return out;
    }

    static ObjectNode capabilities(List<MemberResult> results) {
        ObjectNode union = JsonNodeFactory.instance.objectNode();
        for (MemberResult result : results) {
            JsonNode capabilities = result.result().get("capabilities");
            if (capabilities == null || !capabilities.isObject()) {
                continue;
            }
            for (String name : KNOWN) {
                JsonNode capability = capabilities.get(name);
                if (capability != null && capability.isObject()) {
                    ObjectNode target = union.has(name) ? (ObjectNode) union.get(name) : union.putObject(name);
                    orFlags(target, capability);
                }
            }
        }
        return union;
    }

    /** Copies {@code from}'s boolean flags into {@code into}, a flag true in either staying true. */
    private static void orFlags(ObjectNode into, JsonNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isBoolean()) {
                boolean before = into.path(field.getKey()).asBoolean(false);
                into.put(field.getKey(), before || field.getValue().booleanValue());
            }
        }
    }

    private static String instructions(List<MemberResult> results) {
        StringBuilder out = new StringBuilder();
        for (MemberResult result : results) {
            JsonNode text = result.result().get("instructions");
            if (text != null && text.isTextual() && !text.textValue().isBlank()) {
                if (!out.isEmpty()) {
                    out.append("\n\n");
                }
                out.append("## ").append(result.member()).append('\n').append(text.textValue().strip());
            }
        }
        return out.toString();
    }

    /**
     * The protocol version to answer: the one every member answered with when they agree, else the oldest any
     * answered (dates in {@code YYYY-MM-DD} order as text); {@code requested} when none said.
     */
    public static String agreedVersion(List<MemberResult> results, String requested) {
        String agreed = null;
        for (MemberResult result : results) {
            JsonNode version = result.result().get("protocolVersion");
            if (version != null && version.isTextual()
                    && (agreed == null || version.textValue().compareTo(agreed) < 0)) {
                agreed = version.textValue();
            }
        }
        return agreed == null ? requested : agreed;
    }
}
