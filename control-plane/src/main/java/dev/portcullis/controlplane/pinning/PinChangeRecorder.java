package dev.portcullis.controlplane.pinning;

import dev.portcullis.controlplane.audit.AuditLog;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.pin.PinMode;
import dev.portcullis.model.pin.PinReport;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stores the changes gateways report, bounded however often an upstream changes a definition: at most
 * {@value #KEPT_PER_PRIMITIVE} pending changes per primitive (the newest; older ones are deleted and counted in
 * {@code pin_change_dropped}). A new change is audited ({@code pinning.change-detected}) and counted in
 * {@code portcullis_pin_changes_detected_total}; once a primitive's changes are being dropped, only every
 * power-of-ten-th drop is audited ({@code pinning.changes-dropped}, with the count), so a definition that changes
 * on every listing cannot flood the audit log. Under {@code enforce} the configuration version moves on only when
 * the set of held primitives changes (a primitive's first pending change), not for every new hash: gateways hold a
 * primitive by name. Blocking: worker threads only.
 */
@ApplicationScoped
public class PinChangeRecorder {

    /** Pending changes kept per primitive: enough to compare a few versions, few enough to review. */
    public static final int KEPT_PER_PRIMITIVE = 5;

    private final EntityManager em;
    private final ConfigVersions versions;
    private final ConfigHistory history;
    private final AuditLog audit;
    private final ProxyRepository proxies;
    private final PinService pins;
    private final MeterRegistry registry;

    PinChangeRecorder(EntityManager em, ConfigVersions versions, ConfigHistory history, AuditLog audit,
                      ProxyRepository proxies, PinService pins, MeterRegistry registry) {
        this.em = em;
        this.versions = versions;
        this.history = history;
        this.audit = audit;
        this.proxies = proxies;
        this.pins = pins;
        this.registry = registry;
    }

    /**
     * Stores a gateway's report: a new change is inserted, audited and counted (and, under {@code enforce}, when
     * its primitive was not held yet, published to every gateway as held); a known one only gets its last sighting
     * updated; a report of the approved definition, or for a proxy that no longer exists, is dropped.
     *
     * @return true when the change was new
     */
    @Transactional
    public boolean ingest(PinReport report) {
        if (proxies.findById(report.proxyId()) == null) {
            return false;
        }
        String kind = report.kind().json();
        ToolPin pin = ToolPin.<ToolPin>find("proxyId = ?1 and kind = ?2 and name = ?3", report.proxyId(), kind,
                report.name()).firstResult();
        if (pin != null && pin.hash.equals(report.hash())) {
            return false;
        }
        long pending = PinChange.count("proxyId = ?1 and kind = ?2 and name = ?3", report.proxyId(), kind,
                report.name());
        if (!insert(report, pin)) {
            sighted(report);
            return false;
        }
        registry.counter(PinService.METRIC, "mode", report.mode().json()).increment();
        long dropped = pending >= KEPT_PER_PRIMITIVE ? dropOldest(report) : 0;
        if (dropped == 0) {
            audit.recordAs("gateway " + report.gatewayId(), "pinning.change-detected", "proxy", report.proxyId(),
                    pin == null ? null : Map.of("kind", kind, "name", report.name(), "hash", pin.hash),
                    Map.of("kind", kind, "name", report.name(), "hash", report.hash(), "mode", report.mode().json()));
        } else if (isPowerOfTen(dropped)) {
            audit.recordAs("gateway " + report.gatewayId(), "pinning.changes-dropped", "proxy", report.proxyId(),
                    null, Map.of("kind", kind, "name", report.name(), "dropped", dropped,
                            "kept", KEPT_PER_PRIMITIVE));
        }
        if (pending == 0 && pins.mode(report.proxyId()) == PinMode.ENFORCE) {
            versions.bump();
            history.record("hold changed " + kind + " " + report.name() + " of proxy " + report.proxyId());
        }
        return true;
    }

    /** Inserts the change; false when it is known already. */
    private boolean insert(PinReport report, ToolPin pin) {
        int inserted = em.createNativeQuery("insert into pin_change (proxy_id, kind, name, hash, approved_hash,"
                        + " definition, mode, first_gateway, first_seen, last_seen) values (?1, ?2, ?3, ?4, ?5,"
                        + " cast(?6 as jsonb), ?7, ?8, ?9, ?9) on conflict (proxy_id, kind, name, hash) do nothing")
                .setParameter(1, report.proxyId()).setParameter(2, report.kind().json())
                .setParameter(3, report.name()).setParameter(4, report.hash())
                .setParameter(5, pin == null ? null : pin.hash)
                .setParameter(6, new String(Json.write(report.definition()), StandardCharsets.UTF_8))
                .setParameter(7, report.mode().json()).setParameter(8, report.gatewayId())
                .setParameter(9, report.seenAt())
                .executeUpdate();
        return inserted > 0;
    }

    /** Records another sighting of a known change. */
    private void sighted(PinReport report) {
        em.createNativeQuery("update pin_change set last_seen = greatest(last_seen, ?5), reports = reports + 1"
                        + " where proxy_id = ?1 and kind = ?2 and name = ?3 and hash = ?4")
                .setParameter(1, report.proxyId()).setParameter(2, report.kind().json())
                .setParameter(3, report.name()).setParameter(4, report.hash()).setParameter(5, report.seenAt())
                .executeUpdate();
    }

    /** Deletes the primitive's oldest changes beyond the cap; answers the primitive's total dropped so far. */
    private long dropOldest(PinReport report) {
        int deleted = em.createNativeQuery("delete from pin_change where id in (select id from pin_change"
                        + " where proxy_id = ?1 and kind = ?2 and name = ?3"
                        + " order by first_seen desc, id desc offset ?4)")
                .setParameter(1, report.proxyId()).setParameter(2, report.kind().json())
                .setParameter(3, report.name()).setParameter(4, KEPT_PER_PRIMITIVE)
                .executeUpdate();
        if (deleted == 0) {
            return 0;
        }
        return ((Number) em.createNativeQuery("insert into pin_change_dropped (proxy_id, kind, name, dropped)"
                        + " values (?1, ?2, ?3, ?4) on conflict (proxy_id, kind, name)"
                        + " do update set dropped = pin_change_dropped.dropped + excluded.dropped returning dropped")
                .setParameter(1, report.proxyId()).setParameter(2, report.kind().json())
                .setParameter(3, report.name()).setParameter(4, (long) deleted)
                .getSingleResult()).longValue();
    }

    private static boolean isPowerOfTen(long value) {
        long power = 1;
        while (power < value) {
            power *= 10;
        }
        return power == value;
    }
}
