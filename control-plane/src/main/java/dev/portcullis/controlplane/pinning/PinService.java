package dev.portcullis.controlplane.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.audit.AuditLog;
import dev.portcullis.controlplane.audit.CurrentActor;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.controlplane.primitive.UpstreamDefinitions;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.StoredProxy;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.pin.DefinitionHash;
import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.pin.PinMode;
import dev.portcullis.model.pin.PinReport;
import dev.portcullis.model.pin.PrimitivePin;
import dev.portcullis.model.pin.ProxyPins;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool pinning's rules: a proxy's mode, the approved definitions, and the changes gateways report. Every change an
 * administrator makes (mode, an approval, "approve all current") bumps the configuration version, so the pins
 * reach every gateway in the next snapshot, and is in the history and the audit log. A reported change is audited
 * once per proxy, primitive and hash, counted in {@code portcullis_pin_changes_detected_total}, and, for a proxy
 * in {@code enforce}, also bumps the version: gateways that have not seen the change themselves then hold it too.
 * Blocking: worker threads only.
 */
@ApplicationScoped
public class PinService {

    static final String METRIC = "portcullis.pin.changes.detected";

    private final EntityManager em;
    private final ConfigVersions versions;
    private final ConfigHistory history;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final ProxyRepository proxies;
    private final MeterRegistry registry;

    PinService(EntityManager em, ConfigVersions versions, ConfigHistory history, AuditLog audit, CurrentActor actor,
               ProxyRepository proxies, MeterRegistry registry) {
        this.em = em;
        this.versions = versions;
        this.history = history;
        this.audit = audit;
        this.actor = actor;
        this.proxies = proxies;
        this.registry = registry;
    }

    @Transactional
    public PinViews.Pinning view(String proxyId) {
        requireProxy(proxyId);
        List<PinViews.Pin> pins = ToolPin.<ToolPin>list("proxyId", Sort.by("kind").and("name"), proxyId).stream()
                .map(pin -> new PinViews.Pin(pin.kind, pin.name, pin.hash, json(pin.definition), pin.approvedAt,
                        pin.approvedBy))
                .toList();
        return new PinViews.Pinning(proxyId, mode(proxyId), pins, pending(proxyId));
    }

    /** Pending changes, newest first: of one proxy, or of every proxy when {@code proxyId} is null. */
    @Transactional
    public List<PinViews.Change> pending(String proxyId) {
        List<PinChange> changes = proxyId == null
                ? PinChange.<PinChange>listAll(Sort.by("firstSeen").descending().and("id").descending())
                : PinChange.<PinChange>list("proxyId", Sort.by("firstSeen").descending().and("id").descending(),
                        proxyId);
        Map<String, ToolPin> approved = new HashMap<>();
        for (PinChange change : changes) {
            String key = change.proxyId + '\n' + change.kind + '\n' + change.name;
            if (!approved.containsKey(key)) {
                approved.put(key, ToolPin.<ToolPin>find("proxyId = ?1 and kind = ?2 and name = ?3", change.proxyId,
                        change.kind, change.name).firstResult());
            }
        }
        return changes.stream().map(change -> {
            ToolPin pin = approved.get(change.proxyId + '\n' + change.kind + '\n' + change.name);
            return new PinViews.Change(change.id, change.proxyId, change.kind, change.name, change.hash,
                    json(change.definition), pin == null ? null : pin.hash, pin == null ? null : json(pin.definition),
                    change.mode, change.firstGateway, change.firstSeen, change.lastSeen, change.reports);
        }).toList();
    }

    /** The proxy's mode ({@code off} when never set). */
    @Transactional
    public PinMode mode(String proxyId) {
        ProxyPinning row = ProxyPinning.findById(proxyId);
        return row == null ? PinMode.OFF : PinMode.parse(row.mode);
    }

    /**
     * Sets the mode; with {@code current} (the upstream's list, read just before) also approves everything it lists
     * in the same version, so switching to {@code enforce} holds nothing that is there today.
     */
    @Transactional
    public PinViews.Pinning setMode(String proxyId, PinMode mode, UpstreamDefinitions current) {
        versions.bump();
        requireProxy(proxyId);
        PinMode before = mode(proxyId);
        ProxyPinning row = ProxyPinning.findById(proxyId);
        if (row == null) {
            row = new ProxyPinning();
            row.proxyId = proxyId;
        }
        row.mode = mode.json();
        row.updatedAt = Instant.now();
        row.updatedBy = actor.name();
        row.persist();
        if (current != null) {
            replacePins(proxyId, current);
        }
        audit.record("pinning.mode", "proxy", proxyId, Map.of("mode", before.json()),
                Map.of("mode", mode.json(), "approvedCurrent", current != null));
        history.record("pinning of proxy " + proxyId + " " + mode.json());
        return view(proxyId);
    }

    /** Approves one pending change: its definition becomes the pin. */
    @Transactional
    public PinViews.Pinning approve(String proxyId, long changeId) {
        versions.bump();
        PinChange change = PinChange.findById(changeId);
        if (change == null || !change.proxyId.equals(proxyId)) {
            throw ProblemException.notFound("pending change", Long.toString(changeId));
        }
        ToolPin pin = ToolPin.<ToolPin>find("proxyId = ?1 and kind = ?2 and name = ?3", proxyId, change.kind,
                change.name).firstResult();
        String before = pin == null ? null : pin.hash;
        pin(proxyId, change.kind, change.name, change.hash, change.definition, pin);
        change.delete();
        audit.record("pinning.approve", "proxy", proxyId, before == null ? null
                        : Map.of("kind", change.kind, "name", change.name, "hash", before),
                Map.of("kind", change.kind, "name", change.name, "hash", change.hash));
        history.record("approve " + change.kind + " " + change.name + " of proxy " + proxyId);
        return view(proxyId);
    }

    /** "Approve all current": the pins become exactly what the upstream lists now. */
    @Transactional
    public PinViews.Approved approveCurrent(String proxyId, UpstreamDefinitions current) {
        versions.bump();
        requireProxy(proxyId);
        PinViews.Approved approved = replacePins(proxyId, current);
        audit.record("pinning.approve-current", "proxy", proxyId, null,
                Map.of("pinned", approved.pinned(), "removed", approved.removed()));
        history.record("approve all current primitives of proxy " + proxyId);
        return approved;
    }

    private PinViews.Approved replacePins(String proxyId, UpstreamDefinitions current) {
        Map<String, PrimitivePin> listed = new LinkedHashMap<>();
        Map<String, ObjectNode> definitions = new HashMap<>();
        collect(PinKind.TOOL, current.tools(), listed, definitions);
        collect(PinKind.PROMPT, current.prompts(), listed, definitions);
        collect(PinKind.RESOURCE_TEMPLATE, current.resourceTemplates(), listed, definitions);
        Map<String, ToolPin> existing = new HashMap<>();
        ToolPin.<ToolPin>list("proxyId", proxyId).forEach(pin -> existing.put(pin.kind + ' ' + pin.name, pin));
        int removed = 0;
        for (Map.Entry<String, ToolPin> entry : existing.entrySet()) {
            if (!listed.containsKey(entry.getKey())) {
                entry.getValue().delete();
                removed++;
            }
        }
        int changesApproved = 0;
        for (Map.Entry<String, PrimitivePin> entry : listed.entrySet()) {
            PrimitivePin pin = entry.getValue();
            pin(proxyId, pin.kind().json(), pin.name(), pin.hash(),
                    new String(Json.write(definitions.get(entry.getKey())), StandardCharsets.UTF_8),
                    existing.get(entry.getKey()));
            changesApproved += (int) PinChange.delete("proxyId = ?1 and kind = ?2 and name = ?3 and hash = ?4",
                    proxyId, pin.kind().json(), pin.name(), pin.hash());
        }
        return new PinViews.Approved(proxyId, listed.size(), removed, changesApproved);
    }

    private static void collect(PinKind kind, List<JsonNode> items, Map<String, PrimitivePin> listed,
                                Map<String, ObjectNode> definitions) {
        for (JsonNode item : items) {
            JsonNode name = item.get(kind.nameField());
            if (name == null || !name.isTextual() || name.textValue().isBlank()
                    || name.textValue().length() > PrimitivePin.MAX_NAME) {
                continue;
            }
            ObjectNode definition = DefinitionHash.definition(kind, item);
            PrimitivePin pin = new PrimitivePin(kind, name.textValue(), DefinitionHash.ofDefinition(definition));
            listed.put(pin.key(), pin);
            definitions.put(pin.key(), definition);
        }
    }

    private void pin(String proxyId, String kind, String name, String hash, String definition, ToolPin existing) {
        ToolPin pin = existing != null ? existing : new ToolPin();
        pin.proxyId = proxyId;
        pin.kind = kind;
        pin.name = name;
        pin.hash = hash;
        pin.definition = definition;
        pin.approvedAt = Instant.now();
        pin.approvedBy = actor.name();
        pin.persist();
    }

    /**
     * Stores a gateway's report: a new change is inserted, audited and counted (and, under {@code enforce},
     * published to every gateway as held); a known one only gets its last sighting updated; a report of the
     * approved definition, or for a proxy that no longer exists, is dropped.
     *
     * @return true when the change was new
     */
    @Transactional
    public boolean ingest(PinReport report) {
        if (proxies.findById(report.proxyId()) == null) {
            return false;
        }
        ToolPin pin = ToolPin.<ToolPin>find("proxyId = ?1 and kind = ?2 and name = ?3", report.proxyId(),
                report.kind().json(), report.name()).firstResult();
        if (pin != null && pin.hash.equals(report.hash())) {
            return false;
        }
        boolean known = PinChange.count("proxyId = ?1 and kind = ?2 and name = ?3 and hash = ?4", report.proxyId(),
                report.kind().json(), report.name(), report.hash()) > 0;
        boolean enforced = mode(report.proxyId()) == PinMode.ENFORCE;
        if (!known && enforced) {
            versions.bump();
        }
        int inserted = known ? 0 : em.createNativeQuery("insert into pin_change (proxy_id, kind, name, hash,"
                        + " approved_hash, definition, mode, first_gateway, first_seen, last_seen) values (?1, ?2,"
                        + " ?3, ?4, ?5, cast(?6 as jsonb), ?7, ?8, ?9, ?9) on conflict (proxy_id, kind, name, hash)"
                        + " do nothing")
                .setParameter(1, report.proxyId()).setParameter(2, report.kind().json())
                .setParameter(3, report.name()).setParameter(4, report.hash())
                .setParameter(5, pin == null ? null : pin.hash)
                .setParameter(6, new String(Json.write(report.definition()), StandardCharsets.UTF_8))
                .setParameter(7, report.mode().json()).setParameter(8, report.gatewayId())
                .setParameter(9, report.seenAt())
                .executeUpdate();
        if (inserted == 0) {
            em.createNativeQuery("update pin_change set last_seen = greatest(last_seen, ?5), reports = reports + 1"
                            + " where proxy_id = ?1 and kind = ?2 and name = ?3 and hash = ?4")
                    .setParameter(1, report.proxyId()).setParameter(2, report.kind().json())
                    .setParameter(3, report.name()).setParameter(4, report.hash()).setParameter(5, report.seenAt())
                    .executeUpdate();
            if (!known && enforced) {
                history.record("hold changed " + report.kind().json() + " " + report.name() + " of proxy "
                        + report.proxyId());
            }
            return false;
        }
        registry.counter(METRIC, "mode", report.mode().json()).increment();
        audit.recordAs("gateway " + report.gatewayId(), "pinning.change-detected", "proxy", report.proxyId(),
                pin == null ? null : Map.of("kind", report.kind().json(), "name", report.name(), "hash", pin.hash),
                Map.of("kind", report.kind().json(), "name", report.name(), "hash", report.hash(),
                        "mode", report.mode().json()));
        if (enforced) {
            history.record("hold changed " + report.kind().json() + " " + report.name() + " of proxy "
                    + report.proxyId());
        }
        return true;
    }

    /**
     * 404 when the proxy does not exist; 400 naming {@code field} when it is a virtual server, which has no tools
     * of its own: its members' pinning applies to what it presents.
     */
    @Transactional
    public void requirePinnable(String proxyId, String field) {
        StoredProxy stored = proxies.findById(proxyId);
        if (stored == null) {
            throw ProblemException.notFound("proxy", proxyId);
        }
        if (ProxyRepository.definitionOf(stored).isVirtual()) {
            throw ProblemException.invalid(field, "'" + proxyId + "' is a virtual server, which has no pinning of"
                    + " its own: pinning is set on each member proxy and applies to what the virtual server presents");
        }
    }

    private void requireProxy(String proxyId) {
        if (proxies.findById(proxyId) == null) {
            throw ProblemException.notFound("proxy", proxyId);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("stored definition is unreadable", e);
        }
    }

    /**
     * The pinning gateways receive for the served proxies whose mode is not {@code off}: approved hashes, and, under
     * {@code enforce}, the primitives with a pending change. Runs in the snapshot's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ProxyPins> forSnapshot(Collection<String> servedIds) {
        List<ProxyPins> all = new ArrayList<>();
        for (ProxyPinning row : ProxyPinning.<ProxyPinning>list("mode <> 'off'", Sort.by("proxyId"))) {
            if (!servedIds.contains(row.proxyId)) {
                continue;
            }
            PinMode mode = PinMode.parse(row.mode);
            List<PrimitivePin> pins = ToolPin.<ToolPin>list("proxyId", Sort.by("kind").and("name"), row.proxyId)
                    .stream().map(pin -> new PrimitivePin(PinKind.parse(pin.kind), pin.name, pin.hash)).toList();
            Map<String, PrimitivePin> held = new LinkedHashMap<>();
            if (mode == PinMode.ENFORCE) {
                PinChange.<PinChange>list("proxyId", Sort.by("kind").and("name"), row.proxyId).forEach(change ->
                        held.putIfAbsent(change.kind + ' ' + change.name,
                                new PrimitivePin(PinKind.parse(change.kind), change.name, change.hash)));
            }
            all.add(new ProxyPins(row.proxyId, mode, pins, List.copyOf(held.values())));
        }
        return all;
    }
}
