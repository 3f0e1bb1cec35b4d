package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.Gateway;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.runtime.virtual.CapabilityUnion;
import dev.portcullis.gateway.runtime.virtual.MemberSessions;
import dev.portcullis.gateway.runtime.virtual.VirtualServer;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What a virtual server answers from all its members at once: {@code initialize} (each member initialized in
 * parallel, their session ids carried in the virtual server's one session id), {@code server/discover}, the
 * agent's notifications and {@code logging/setLevel} (sent to every member session), and DELETE (every member
 * session ended).
 */
final class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);
    static final String VERSION = Objects.requireNonNullElse(Gateway.class.getPackage().getImplementationVersion(),
            "dev");

    private final FanOut fanOut;

    Lifecycle(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    void initialize(McpExchange exchange, FilterContext context, VirtualServer server) {
        fanOut.collect(exchange, context, FanOut.toEach(server, HttpMethod.POST, exchange.body(), Map.of(), false))
                .onSuccess(collected -> {
                    List<CapabilityUnion.MemberResult> results = new ArrayList<>();
                    List<MemberSessions.Entry> sessions = new ArrayList<>();
                    for (FanOut.Collected member : collected) {
                        if (member.result() != null && member.result().isObject()) {
                            results.add(new CapabilityUnion.MemberResult(member.member().id(), member.result()));
                            if (member.session() != null) {
                                sessions.add(member.session());
                            }
                        } else {
                            LOG.infof("virtual server %s: member %s did not initialize (status %d)",
                                    server.id(), member.member().id(), member.response().statusCode());
                        }
                    }
                    if (results.isEmpty()) {
                        ErrorResponses.send(context.observation(), context.route().id(),
                                VirtualErrors.noMemberAnswered());
                        return;
                    }
                    String requested = context.route().revision().version();
                    JsonNode agentMessage = SseAnswers.parse(exchange.body().toString());
                    JsonNode asked = agentMessage == null ? null : agentMessage.path("params").get("protocolVersion");
                    String version = CapabilityUnion.agreedVersion(results,
                            asked != null && asked.isTextual() ? asked.textValue() : requested);
                    ObjectNode result = CapabilityUnion.merge(results, version, server.name(), VERSION);
                    String carried;
                    try {
                        // No member keeps sessions: neither does the virtual server.
                        boolean anySession = sessions.stream().anyMatch(entry -> !entry.sessionId().isEmpty());
                        carried = anySession ? MemberSessions.encode(sessions) : null;
                    } catch (IllegalArgumentException e) {
                        LOG.warnf("virtual server %s: %s", server.id(), e.getMessage());
                        ErrorResponses.send(context.observation(), context.route().id(),
                                VirtualErrors.memberSessionsTooLong());
                        return;
                    }
                    LocalAnswers.result(context, result,
                            carried == null ? Map.of() : Map.of(MemberLegs.SESSION, carried));
                });
    }

    /** 2026-07-28 {@code server/discover}: the union of the members' answers, and the versions all of them speak. */
    void discover(McpExchange exchange, FilterContext context, VirtualServer server) {
        fanOut.collect(exchange, context, FanOut.toEach(server, HttpMethod.POST, exchange.body(), Map.of(), false))
                .onSuccess(collected -> {
                    List<CapabilityUnion.MemberResult> results = new ArrayList<>();
                    Set<String> versions = null;
                    JsonNode resultType = null;
                    for (FanOut.Collected member : collected) {
                        if (member.result() != null && member.result().isObject()) {
                            results.add(new CapabilityUnion.MemberResult(member.member().id(), member.result()));
                            resultType = resultType != null ? resultType : member.result().get("resultType");
                            versions = intersect(versions, member.result().get("supportedVersions"));
                        }
                    }
                    if (results.isEmpty()) {
                        ErrorResponses.send(context.observation(), context.route().id(),
                                VirtualErrors.noMemberAnswered());
                        return;
                    }
                    ObjectNode result = CapabilityUnion.merge(results, null, server.name(), VERSION);
                    if (resultType != null) {
                        result.set("resultType", resultType); // 2026-07-28 results say whether they are complete
                    }
                    if (versions != null) {
                        ArrayNode supported = result.putArray("supportedVersions");
                        versions.forEach(supported::add);
                    }
                    LocalAnswers.result(context, result, Map.of());
                });
    }

    private static Set<String> intersect(Set<String> sofar, JsonNode announced) {
        if (announced == null || !announced.isArray()) {
            return sofar;
        }
        Set<String> these = new LinkedHashSet<>();
        announced.forEach(version -> {
            if (version.isTextual()) {
                these.add(version.textValue());
            }
        });
        if (sofar == null) {
            return these;
        }
        sofar.retainAll(these);
        return sofar;
    }

    /** {@code logging/setLevel}: every member session gets it; the agent gets {@code {}}. */
    void setLevel(McpExchange exchange, FilterContext context, VirtualServer server,
                  Map<String, MemberSessions.Entry> sessions) {
        fanOut.collect(exchange, context, FanOut.toEach(server, HttpMethod.POST, exchange.body(), sessions, false))
                .onSuccess(collected -> LocalAnswers.result(context, JsonNodeFactory.instance.objectNode(),
                        Map.of()));
    }

    /** An agent notification goes to every member (in its session); the agent gets 202. */
    void notification(McpExchange exchange, FilterContext context, VirtualServer server,
                      Map<String, MemberSessions.Entry> sessions) {
        boolean sessionsOnly = !sessions.isEmpty();
        fanOut.collect(exchange, context,
                        FanOut.toEach(server, HttpMethod.POST, exchange.body(), sessions, sessionsOnly))
                .onSuccess(collected -> LocalAnswers.empty(context, 202));
    }

    /** DELETE ends every member session; the agent gets the best status a member gave (405 when all refused). */
    void delete(McpExchange exchange, FilterContext context, VirtualServer server,
                Map<String, MemberSessions.Entry> sessions) {
        fanOut.collect(exchange, context, FanOut.toEach(server, HttpMethod.DELETE, null, sessions, true))
                .onSuccess(collected -> {
                    int status = collected.isEmpty() ? 200 : 405;
                    for (FanOut.Collected member : collected) {
                        int answered = member.response().statusCode();
                        if (answered >= 200 && answered < 300) {
                            status = 200;
                        } else if (status != 200) {
                            status = answered;
                        }
                    }
                    LocalAnswers.empty(context, status);
                });
    }
}
