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
import dev.portcullis.model.pin.PrimitivePin;
import dev.portcullis.model.pin.ProxyPins;
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
 * reach every gateway in the next snapshot, and is in the history and the audit log. Gateways' reports are stored by
 * {@link PinChangeRecorder}. Blocking: worker threads only.
 */
@ApplicationScoped
public class PinService {

    static final String METRIC = "portcullis.pin.changes.detected";
    private static final Sort NEWEST_FIRST = Sort.by("firstSeen").descending().and("id").descending();

    private final EntityManager em;
    private final ConfigVersions versions;
    private final ConfigHistory history;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final ProxyRepository proxies;

    PinService(EntityManager em, ConfigVersions versions, ConfigHistory history, AuditLog audit, CurrentActor actor,
               ProxyRepository proxies) {
        this.em = em;
        this.versions = versions;
        this.history = history;
        this.audit = audit;
        this.actor = actor;
        this.proxies = proxies;
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

    /** Pending changes of one proxy, newest first (at most {@value PinChangeRecorder#KEPT_PER_PRIMITIVE} each). */
    @Transactional
    public List<PinViews.Change> pending(String proxyId) {
        return views(PinChange.<PinChange>list("proxyId", NEWEST_FIRST, proxyId));
    }

    /** One page of every proxy's pending changes, newest first. */
    @Transactional
    public PinViews.ChangePage pending(int page, int size) {
        List<PinChange> rows = PinChange.<PinChange>findAll(NEWEST_FIRST).page(page, size + 1).list();
        boolean more = rows.size() > size;
        return new PinViews.ChangePage(views(more ? rows.subList(0, size) : rows), page, size, more);
    }

    private List<PinViews.Change> views(List<PinChange> changes) {
        Map<String, ToolPin> approved = new HashMap<>();
        Map<String, Long> dropped = new HashMap<>();
        for (PinChange change : changes) {
            String key = change.proxyId + '\n' + change.kind + '\n' + change.name;
            if (!approved.containsKey(key)) {
                approved.put(key, ToolPin.<ToolPin>find("proxyId = ?1 and kind = ?2 and name = ?3", change.proxyId,
                        change.kind, change.name).firstResult());
                dropped.put(key, dropped(change));
            }
        }
        return changes.stream().map(change -> {
            String key = change.proxyId + '\n' + change.kind + '\n' + change.name;
            ToolPin pin = approved.get(key);
            return new PinViews.Change(change.id, change.proxyId, change.kind, change.name, change.hash,
                    json(change.definition), pin == null ? null : pin.hash, pin == null ? null : json(pin.definition),
                    change.mode, change.firstGateway, change.firstSeen, change.lastSeen, change.reports,
                    dropped.get(key));
        }).toList();
    }

    private long dropped(PinChange change) {
        List<?> rows = em.createNativeQuery("select dropped from pin_change_dropped where proxy_id = ?1 and kind = ?2"
                        + " and name = ?3").setParameter(1, change.proxyId).setParameter(2, change.kind)
                .setParameter(3, change.name).getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    /** Forgets how many changes were dropped for the primitives of the proxy that have none pending any more. */
    private void forgetDropped(String proxyId) {
        em.createNativeQuery("delete from pin_change_dropped d where d.proxy_id = ?1 and not exists (select 1 from"
                + " pin_change c where c.proxy_id = d.proxy_id and c.kind = d.kind and c.name = d.name)")
                .setParameter(1, proxyId).executeUpdate();
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
            forgetDropped(proxyId);
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
        em.flush();
        forgetDropped(proxyId);
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
        forgetDropped(proxyId);
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
                // The newest pending hash of each primitive: gateways hold by name, the hash is for the record.
                PinChange.<PinChange>list("proxyId", Sort.by("kind").and("name").and("firstSeen", Sort.Direction
                        .Descending).and("id", Sort.Direction.Descending), row.proxyId).forEach(change ->
                        held.putIfAbsent(change.kind + ' ' + change.name,
                                new PrimitivePin(PinKind.parse(change.kind), change.name, change.hash)));
            }
            all.add(new ProxyPins(row.proxyId, mode, pins, List.copyOf(held.values())));
        }
        return all;
    }
}
