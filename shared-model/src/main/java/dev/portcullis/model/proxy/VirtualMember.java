package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One member proxy of a virtual server: the proxy whose tools, prompts and resources the virtual server presents,
 * and how its names appear there.
 *
 * <p>A tool or prompt of the member appears as {@code rename.tools[name]} (or {@code rename.prompts[name]}) when
 * renamed, else as {@code prefix + name}. Resource URIs and URI templates appear unchanged: a URI names its own
 * scheme and authority, and an answer that links to one must still lead to it.
 *
 * @param proxy  the member proxy's id; a proxy with an upstream, never another virtual server
 * @param prefix put before each tool and prompt name of the member; empty or absent = none
 * @param rename explicit virtual names for some of the member's tools and prompts; wins over the prefix
 */
public record VirtualMember(String proxy, String prefix, Renames rename) {

    /** The characters MCP recommends for tool names; a prefix or a new name must keep names in that set. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-/]{1,128}");
    public static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.\\-/]{0,64}");

    public VirtualMember {
        prefix = prefix == null ? "" : prefix;
        rename = rename == null ? Renames.NONE : rename;
    }

    /** The name a member's tool or prompt has on the virtual server. */
    public String virtualName(boolean prompt, String memberName) {
        String renamed = (prompt ? rename.prompts() : rename.tools()).get(memberName);
        return renamed != null ? renamed : prefix + memberName;
    }

    void validate(Violations at) {
        FieldRules.id(at.at("proxy"), proxy);
        if (!PREFIX.matcher(prefix).matches()) {
            at.add("prefix", "must be at most 64 of the characters A-Z a-z 0-9 _ . - /");
        }
        rename.validate(at.at("rename"));
    }

    /**
     * New names for some of a member's tools and prompts, keyed by the member's own name.
     *
     * @param tools   member tool name to virtual name
     * @param prompts member prompt name to virtual name
     */
    public record Renames(Map<String, String> tools, Map<String, String> prompts) {

        public static final Renames NONE = new Renames(null, null);

        public Renames {
            tools = Immutable.map(tools);
            prompts = Immutable.map(prompts);
        }

        void validate(Violations at) {
            validate(at.at("tools"), tools);
            validate(at.at("prompts"), prompts);
        }

        private static void validate(Violations at, Map<String, String> names) {
            Set<String> targets = new HashSet<>();
            names.forEach((from, to) -> {
                Violations entry = at.at(from);
                if (from.isBlank() || from.length() > 128 || from.chars().anyMatch(Character::isWhitespace)) {
                    entry.add("key must be a name of 1 to 128 characters without whitespace");
                }
                if (to == null || !NAME.matcher(to).matches()) {
                    entry.add("must be 1 to 128 of the characters A-Z a-z 0-9 _ . - /");
                } else if (!targets.add(to)) {
                    entry.add("'" + to + "' is already the new name of another entry");
                }
            });
        }
    }
}
