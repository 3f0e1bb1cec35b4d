package dev.portcullis.gateway.runtime.virtual;

import dev.portcullis.model.proxy.VirtualMember;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the tools and prompts of a virtual server's members are named there, both ways: a member's name becomes
 * {@code rename[name]}, else {@code prefix + name}; a virtual name leads back to the member names that could have
 * produced it. Resource URIs are never renamed. Immutable; built once per snapshot.
 */
public final class VirtualNames {

    /** A member (by its index in the virtual server's member list) and the name the primitive has there. */
    public record Owner(int member, String memberName) {
    }

    private final List<VirtualMember> members;
    /** Per member: virtual name to member name, for renamed tools and prompts. */
    private final List<Map<String, String>> toolRenames;
    private final List<Map<String, String>> promptRenames;

    public VirtualNames(List<VirtualMember> members) {
        this.members = List.copyOf(members);
        this.toolRenames = members.stream().map(member -> inverse(member.rename().tools())).toList();
        this.promptRenames = members.stream().map(member -> inverse(member.rename().prompts())).toList();
    }

    public int size() {
        return members.size();
    }

    public VirtualMember member(int index) {
        return members.get(index);
    }

    /** The name a member's tool ({@code prompt} false) or prompt has on the virtual server. */
    public String virtualName(int member, boolean prompt, String memberName) {
        return members.get(member).virtualName(prompt, memberName);
    }

    /**
     * The member name {@code virtualName} stands for on {@code member}, or null when that member cannot produce it
     * (a renamed name is only reachable by its new name).
     */
    public String memberName(int member, boolean prompt, String virtualName) {
        String renamed = (prompt ? promptRenames : toolRenames).get(member).get(virtualName);
        if (renamed != null) {
            return renamed;
        }
        VirtualMember spec = members.get(member);
        if (!virtualName.startsWith(spec.prefix()) || virtualName.length() == spec.prefix().length()) {
            return null;
        }
        String name = virtualName.substring(spec.prefix().length());
        return (prompt ? spec.rename().prompts() : spec.rename().tools()).containsKey(name) ? null : name;
    }

    /**
     * The one member that could own {@code virtualName} by its renames or its non-empty prefix, when no other member
     * could (a member without prefix could own any name): the call may then be routed without a catalog. Null
     * otherwise.
     */
    public Owner onlyCandidate(boolean prompt, String virtualName) {
        Owner found = null;
        for (int i = 0; i < members.size(); i++) {
            String name = memberName(i, prompt, virtualName);
            if (name != null) {
                if (found != null) {
                    return null;
                }
                found = new Owner(i, name);
            }
        }
        return found;
    }

    private static Map<String, String> inverse(Map<String, String> renames) {
        Map<String, String> inverse = new HashMap<>();
        renames.forEach((from, to) -> inverse.put(to, from));
        return Map.copyOf(inverse);
    }
}
