package dev.portcullis.gateway.runtime.virtual;

import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.text.LogText;
import dev.portcullis.model.proxy.VirtualMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A virtual server as the request path serves it, for one snapshot: its members that this gateway serves and are
 * active (in the order configured; an inactive one is absent), how their names appear ({@link VirtualNames}) and
 * the routing table filled from their lists ({@link VirtualCatalog}). Shared by every event loop.
 */
public final class VirtualServer {

    private static final Logger LOG = Logger.getLogger(VirtualServer.class);
    private static final int MAX_LOGGED_COLLISIONS = 1_000;

    /** One member: its index among the served members, its configuration and its compiled proxy. */
    public record Member(int index, VirtualMember spec, CompiledProxy proxy) {
        public String id() {
            return proxy.id();
        }
    }

    private final String id;
    private final String name;
    private final List<Member> members;
    private final VirtualNames names;
    private final VirtualCatalog catalog;
    private final Set<String> loggedCollisions = ConcurrentHashMap.newKeySet();

    private VirtualServer(String id, String name, List<Member> members) {
        this.id = id;
        this.name = name;
        this.members = List.copyOf(members);
        this.names = new VirtualNames(members.stream().map(Member::spec).toList());
        this.catalog = new VirtualCatalog(members.size());
    }

    /**
     * @param definition the virtual server's proxy definition
     * @param served     the compiled proxies of this gateway, by id; a member not among them is left out
     */
    public static VirtualServer of(dev.portcullis.model.proxy.ProxyDefinition definition,
                                   java.util.Map<String, CompiledProxy> served) {
        List<Member> members = new ArrayList<>();
        for (VirtualMember spec : definition.members()) {
            CompiledProxy proxy = served.get(spec.proxy());
            if (proxy != null && proxy.virtual() == null && !proxy.definition().isVirtual()) {
                members.add(new Member(members.size(), spec, proxy));
            }
        }
        return new VirtualServer(definition.id(), Objects.requireNonNullElse(definition.name(), definition.id()),
                members);
    }

    public String id() {
        return id;
    }

    /** The virtual server's name, its {@code serverInfo.name}. */
    public String name() {
        return name;
    }

    public List<Member> members() {
        return members;
    }

    public Member member(int index) {
        return members.get(index);
    }

    /** The member of id {@code proxyId}, or null. */
    public Member member(String proxyId) {
        for (Member member : members) {
            if (member.id().equals(proxyId)) {
                return member;
            }
        }
        return null;
    }

    public VirtualNames names() {
        return names;
    }

    public VirtualCatalog catalog() {
        return catalog;
    }

    /** Logs, once per snapshot and name, that a later member's name was left out for an earlier one's. */
    public void collision(CatalogKind kind, String virtualName, Member later) {
        if (loggedCollisions.size() < MAX_LOGGED_COLLISIONS && loggedCollisions.add(kind + " " + virtualName)) {
            LOG.warnf("virtual server %s: %s '%s' of member %s is left out: an earlier member has that name", id,
                    kind.arrayField, LogText.printable(virtualName, 128),
                    later.id());
        }
    }
}
