package dev.portcullis.controlplane.primitive;

import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges what a virtual server's members advertise the way gateways present it: in member order, tools and prompts
 * under their virtual names ({@link VirtualMember#virtualName}), resource URIs unchanged, a name or URI two members
 * produce kept for the first. A member that could not be asked is left out and marked {@code listed: false}. Pure.
 */
final class VirtualPrimitives {

    private VirtualPrimitives() {
    }

    /**
     * @param listed each asked member's answer by member proxy id, null for one that could not be asked; members
     *               absent from it (inactive ones) are not part of the answer
     */
    static UpstreamPrimitives merge(ProxyDefinition virtual, Map<String, UpstreamPrimitives> listed) {
        List<UpstreamPrimitives.Named> tools = new ArrayList<>();
        List<UpstreamPrimitives.Named> prompts = new ArrayList<>();
        List<UpstreamPrimitives.Resource> resources = new ArrayList<>();
        List<UpstreamPrimitives.MemberListing> members = new ArrayList<>();
        Set<String> toolNames = new HashSet<>();
        Set<String> promptNames = new HashSet<>();
        Set<String> uris = new HashSet<>();
        for (VirtualMember member : virtual.members()) {
            if (!listed.containsKey(member.proxy())) {
                continue;
            }
            UpstreamPrimitives answer = listed.get(member.proxy());
            members.add(new UpstreamPrimitives.MemberListing(member.proxy(), answer != null));
            if (answer == null) {
                continue;
            }
            answer.tools().forEach(tool -> add(tools, toolNames, member, false, tool));
            answer.prompts().forEach(prompt -> add(prompts, promptNames, member, true, prompt));
            answer.resources().forEach(resource -> {
                if (uris.add(resource.uri())) {
                    resources.add(new UpstreamPrimitives.Resource(resource.uri(), resource.name(), member.proxy()));
                }
            });
        }
        return new UpstreamPrimitives(null, tools, prompts, resources, members);
    }

    private static void add(List<UpstreamPrimitives.Named> into, Set<String> taken, VirtualMember member,
                            boolean prompt, UpstreamPrimitives.Named item) {
        String name = member.virtualName(prompt, item.name());
        if (taken.add(name)) {
            into.add(new UpstreamPrimitives.Named(name, item.description(), member.proxy()));
        }
    }
}
