package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.VirtualMember;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules between a virtual server and its member proxies, which shared-model cannot check on one definition: a
 * member exists, has an upstream (is not itself a virtual server) and is served by every gateway that serves the
 * virtual server, so every gateway's snapshot holds the members of the virtual servers it serves. A virtual server
 * breaking them is refused with 400 naming {@code members[i].proxy}; a change to a member proxy (deleting it,
 * turning it into a virtual server, re-tagging it away from a gateway) that would break a virtual server is refused
 * with 409 naming the virtual servers. Blocking (JDBC); callers hold the transaction.
 */
@ApplicationScoped
public class VirtualServerRule {

    private final ProxyRepository proxies;

    VirtualServerRule(ProxyRepository proxies) {
        this.proxies = proxies;
    }

    /** For a virtual server: 400 naming each member that does not exist, is virtual or is not served alike. */
    public void checkMembers(ProxyDefinition virtual) {
        if (!virtual.isVirtual()) {
            return;
        }
        Map<String, ProxyDefinition> stored = storedById();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < virtual.members().size(); i++) {
            VirtualMember member = virtual.members().get(i);
            String field = "members[" + i + "].proxy";
            ProxyDefinition target = stored.get(member.proxy());
            if (target == null) {
                errors.add(new FieldError(field, "unknown proxy '" + member.proxy() + "'"));
            } else if (target.isVirtual()) {
                errors.add(new FieldError(field, "'" + member.proxy()
                        + "' is a virtual server; members must be proxies of an MCP server"));
            } else {
                servingGap(virtual, target).ifPresent(gap -> errors.add(new FieldError(field, gap)));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /**
     * For a change to {@code changed} (a new definition of an existing proxy): 409 naming the virtual servers it is
     * a member of when it becomes a virtual server itself or is no longer served where one of them is.
     */
    public void checkMemberChange(ProxyDefinition changed) {
        List<String> broken = new ArrayList<>();
        String reason = null;
        for (ProxyDefinition virtual : usersOf(changed.id())) {
            Optional<String> gap = changed.isVirtual() ? Optional.of("it would become a virtual server, and a member"
                    + " must be a proxy of an MCP server") : servingGap(virtual, changed)
                    .map(why -> "it would no longer be served by every gateway that serves them (" + why + ")");
            if (gap.isPresent()) {
                broken.add(virtual.id());
                reason = reason != null ? reason : gap.get();
            }
        }
        if (!broken.isEmpty()) {
            throw conflict("proxy '" + changed.id() + "' is a member of " + names(broken) + "; " + reason
                    + ". Change or remove it in those virtual servers first", broken);
        }
    }

    /** For a deletion: 409 naming the virtual servers {@code id} is a member of. */
    public void checkDeletable(String id) {
        List<String> users = usersOf(id).stream().map(ProxyDefinition::id).toList();
        if (!users.isEmpty()) {
            throw conflict("proxy '" + id + "' is a member of " + names(users)
                    + "; remove it from those virtual servers first", users);
        }
    }

    /**
     * Why {@code member} is not served by every gateway that serves {@code virtual}, or empty when it is: an
     * untagged virtual server (untagged gateways) needs an untagged member; a tagged one needs each of its tags on
     * the member.
     */
    static Optional<String> servingGap(ProxyDefinition virtual, ProxyDefinition member) {
        if (virtual.gatewayTags().isEmpty()) {
            return member.gatewayTags().isEmpty() ? Optional.empty() : Optional.of("'" + member.id()
                    + "' has gateway tags, so the untagged gateways that serve this virtual server do not serve it");
        }
        List<String> missing = virtual.gatewayTags().stream()
                .filter(tag -> !member.gatewayTags().contains(tag)).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("'" + member.id() + "' lacks gateway tag"
                + (missing.size() == 1 ? " '" + missing.get(0) + "'" : "s " + missing.stream()
                .map(tag -> "'" + tag + "'").collect(Collectors.joining(", ")))
                + " of this virtual server, so gateways with " + (missing.size() == 1 ? "it" : "them")
                + " would serve the virtual server without it");
    }

    /** The stored virtual servers listing {@code proxyId} as a member, by id. */
    private List<ProxyDefinition> usersOf(String proxyId) {
        return proxies.allById().stream()
                .map(ProxyRepository::definitionOf)
                .filter(definition -> !definition.id().equals(proxyId) && definition.members().stream()
                        .anyMatch(member -> member.proxy().equals(proxyId)))
                .toList();
    }

    private Map<String, ProxyDefinition> storedById() {
        return proxies.allById().stream().map(ProxyRepository::definitionOf)
                .collect(Collectors.toMap(ProxyDefinition::id, Function.identity()));
    }

    private static String names(List<String> ids) {
        return (ids.size() == 1 ? "virtual server " : "virtual servers ")
                + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
    }

    private static ProblemException conflict(String detail, List<String> virtualServers) {
        return new ProblemException(ProblemException.conflict(detail).problem().with("virtualServers",
                virtualServers));
    }
}
