package dev.portcullis.gateway.runtime.virtual;

import dev.portcullis.gateway.runtime.ConsumerIdentity;
import java.util.List;
import java.util.Objects;

/**
 * What a member leg of a virtual server carries in the process, behind the unguessable token of its
 * {@value LegTickets#HEADER} header: who the agent is (authenticated at the virtual server), which virtual server
 * and member the leg is for, the agent's address as the virtual server saw it, and the balanced target of the
 * member's session. The member's pipeline reports back the target a new session was opened on.
 *
 * @param consumer      the agent's identity, or null when the virtual server has authentication off
 * @param virtualServer the virtual server's proxy id
 * @param member        the member proxy's id
 * @param remoteAddress the agent's IP address, for {@code X-Forwarded-For}; null when unknown
 * @param agentHost     the {@code Host} the agent dialled, or null
 * @param agentUsedTls  whether the agent's connection used TLS
 * @param sessionTarget the balanced target holding the member's session, "" when none
 */
public final class LegTicket {

    private final ConsumerIdentity consumer;
    private final String virtualServer;
    private final String member;
    private final String remoteAddress;
    private final String agentHost;
    private final boolean agentUsedTls;
    private final String sessionTarget;
    private volatile String openedTarget = "";

    public LegTicket(ConsumerIdentity consumer, String virtualServer, String member, String remoteAddress,
                     String agentHost, boolean agentUsedTls, String sessionTarget) {
        this.consumer = consumer;
        this.virtualServer = Objects.requireNonNull(virtualServer, "virtualServer");
        this.member = Objects.requireNonNull(member, "member");
        this.remoteAddress = remoteAddress;
        this.agentHost = agentHost;
        this.agentUsedTls = agentUsedTls;
        this.sessionTarget = sessionTarget == null ? "" : sessionTarget;
    }

    /**
     * The agent as the member's pipeline sees it: the same consumer (kind, id, alias, scopes, claims) without its
     * policies, so only the member proxy's own rules and shared limits apply on the leg (the consumer's rights and
     * limits were applied at the virtual server, on the virtual names). Null for an anonymous agent.
     */
    public ConsumerIdentity memberView() {
        return consumer == null ? null : new ConsumerIdentity(consumer.kind(), consumer.id(), consumer.alias(),
                List.of(), consumer.scopes(), consumer.claims());
    }

    public String virtualServer() {
        return virtualServer;
    }

    public String member() {
        return member;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String agentHost() {
        return agentHost;
    }

    public boolean agentUsedTls() {
        return agentUsedTls;
    }

    public String sessionTarget() {
        return sessionTarget;
    }

    /** The balanced target a session the member opened on this leg lives on ("" when not kept on one). */
    public String openedTarget() {
        return openedTarget;
    }

    public void openedTarget(String target) {
        this.openedTarget = target == null ? "" : target;
    }
}
