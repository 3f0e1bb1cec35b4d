package dev.portcullis.gateway.runtime.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges the members' items of one list kind into the virtual server's list, in member order: tools and prompts
 * take their virtual names, resources and templates keep their URIs; a name (or URI) an earlier member has leaves
 * the later member's item out. Every item kept is recorded in the catalog, so calls can be routed by it.
 */
public final class ListMerge {

    /** One member's items, in the order it listed them. */
    public record MemberItems(int member, List<JsonNode> items) {
    }

    private ListMerge() {
    }

    public static ArrayNode merge(CatalogKind kind, List<MemberItems> lists, VirtualServer server) {
        return merge(kind, lists, server.names(), server.catalog(),
                (name, member) -> server.collision(kind, name, server.member(member)));
    }

    /** What to do about a later member's name left out. */
    public interface Collisions {
        void leftOut(String virtualName, int member);
    }

    public static ArrayNode merge(CatalogKind kind, List<MemberItems> lists, VirtualNames names,
                                  VirtualCatalog catalog, Collisions collisions) {
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        Set<String> seen = new HashSet<>();
        for (MemberItems list : lists) {
            for (JsonNode item : list.items()) {
                JsonNode nameNode = item.get(kind.nameField);
                if (!(item instanceof ObjectNode object) || nameNode == null || !nameNode.isTextual()) {
                    continue; // an item the member's own list filter would not let through either
                }
                String memberName = nameNode.textValue();
                String virtualName = kind.renamed
                        ? names.virtualName(list.member(), kind == CatalogKind.PROMPTS, memberName) : memberName;
                if (!seen.add(virtualName)) {
                    collisions.leftOut(virtualName, list.member());
                    continue;
                }
                catalog.learn(kind, list.member(), virtualName, memberName);
                if (kind.renamed && !virtualName.equals(memberName)) {
                    ObjectNode renamed = object.deepCopy();
                    renamed.put(kind.nameField, virtualName);
                    merged.add(renamed);
                } else {
                    merged.add(object);
                }
            }
        }
        return merged;
    }
}
