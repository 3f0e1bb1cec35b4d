package dev.portcullis.controlplane.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.model.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads configuration history: the list, one version with its content, and the difference between two. */
@ApplicationScoped
public class VersionHistory {

    /** What was read, with the configuration version current when it was read (the response's ETag). */
    public record Read<T>(T value, long current) {
    }

    private final EntityManager em;
    private final ConfigVersions versions;

    VersionHistory(EntityManager em, ConfigVersions versions) {
        this.em = em;
        this.versions = versions;
    }

    @Transactional
    public Read<VersionPage> list(VersionNumbers.Paging paging) {
        long current = versions.committed();
        List<Object[]> rows = em.createQuery("select h.version, h.changedAt, h.actor, h.change from HistoryEntry h"
                        + " order by h.version desc", Object[].class)
                .setFirstResult(paging.page() * paging.size()).setMaxResults(paging.size() + 1).getResultList();
        List<VersionView> views = new ArrayList<>();
        for (Object[] row : rows.subList(0, Math.min(rows.size(), paging.size()))) {
            long version = (Long) row[0];
            views.add(new VersionView(version, (Instant) row[1], (String) row[2], (String) row[3],
                    version == current));
        }
        return new Read<>(new VersionPage(views, paging.page(), paging.size(), rows.size() > paging.size()),
                current);
    }

    @Transactional
    public Read<VersionDetail> get(long version) {
        HistoryEntry entry = find(version);
        long current = versions.committed();
        return new Read<>(new VersionDetail(entry.version, entry.changedAt, entry.actor, entry.change,
                entry.version == current, tree(entry.proxies), tree(entry.policies)), current);
    }

    /** The item of one version, without its content. */
    @Transactional
    public VersionView view(long version) {
        HistoryEntry entry = find(version);
        return new VersionView(entry.version, entry.changedAt, entry.actor, entry.change,
                entry.version == versions.committed());
    }

    /**
     * What changed from {@code against} to {@code version}; {@code against} defaults to the version before it in
     * history, and to an empty configuration when {@code version} is the oldest kept.
     */
    @Transactional
    public VersionDiff diff(long version, Long against) {
        HistoryEntry to = find(version);
        HistoryEntry from = against != null ? find(against) : previous(version);
        JsonNode empty = JsonNodeFactory.instance.arrayNode();
        List<EntityChange> changes = new ArrayList<>(ConfigDiff.entities(EntityChange.PROXY,
                from == null ? empty : tree(from.proxies), tree(to.proxies)));
        changes.addAll(ConfigDiff.entities(EntityChange.POLICY, from == null ? empty : tree(from.policies),
                tree(to.policies)));
        return new VersionDiff(from == null ? null : from.version, to.version, changes);
    }

    /** The row of a version still in history; 404 when it never existed or was pruned. */
    HistoryEntry find(long version) {
        HistoryEntry entry = em.find(HistoryEntry.class, version);
        if (entry == null) {
            throw ProblemException.notFound("configuration version", Long.toString(version));
        }
        return entry;
    }

    private HistoryEntry previous(long version) {
        return em.createQuery("from HistoryEntry h where h.version < :version order by h.version desc",
                        HistoryEntry.class)
                .setParameter("version", version).setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("stored configuration history is unreadable", e);
        }
    }
}
