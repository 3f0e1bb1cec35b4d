package dev.portcullis.controlplane.distribution;

import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fits the virtual servers of one gateway's snapshot to the proxies it serves: a member that is not served (an
 * inactive proxy; or, after a rollback, one no longer served alike) is left out of the virtual server, which then
 * presents the members that remain, and a virtual server with no member left is not served at all. The proxies API
 * keeps members served wherever their virtual servers are, so only inactive members are left out in practice; a
 * snapshot then never names a proxy it does not hold, which gateways would refuse. Stateless.
 */
final class ServedVirtualServers {

    private static final Logger LOG = Logger.getLogger(ServedVirtualServers.class);

    private ServedVirtualServers() {
    }

    /** {@code served} (the active proxies the gateway's tags select) with each virtual server fitted as above. */
    static List<ProxyDefinition> fit(List<ProxyDefinition> served) {
        Set<String> plain = served.stream().filter(proxy -> !proxy.isVirtual()).map(ProxyDefinition::id)
                .collect(Collectors.toSet());
        return served.stream()
                .map(proxy -> proxy.isVirtual() ? withServedMembers(proxy, plain) : proxy)
                .filter(Objects::nonNull)
                .toList();
    }

    private static ProxyDefinition withServedMembers(ProxyDefinition virtual, Set<String> plain) {
        List<VirtualMember> members = virtual.members().stream().filter(member -> plain.contains(member.proxy()))
                .toList();
        if (members.size() == virtual.members().size()) {
            return virtual;
        }
        if (members.isEmpty()) {
            LOG.debugf("virtual server %s is left out of the snapshot: none of its members is served", virtual.id());
            return null;
        }
        return new ProxyDefinition(virtual.id(), virtual.name(), virtual.active(), virtual.listenPath(),
                virtual.gatewayTags(), virtual.upstream(), virtual.authentication(), virtual.allowedOrigins(),
                virtual.global(), virtual.operations(), virtual.tools(), virtual.resources(), virtual.prompts(),
                members);
    }
}
