package dev.portcullis.controlplane.audit;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;

/** Searches the audit log, newest first. */
@ApplicationScoped
public class AuditService {

    /** One page of matches and whether another page follows. */
    public record Page(List<AuditView> entries, int page, int size, boolean hasMore) {
    }

    @Transactional
    public Page search(AuditQuery query) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (query.entityType() != null) {
            where.add("entityType = :entityType");
            parameters.and("entityType", query.entityType());
        }
        if (query.entityId() != null) {
            where.add("entityId = :entityId");
            parameters.and("entityId", query.entityId());
        }
        if (query.actor() != null) {
            where.add("actor = :actor");
            parameters.and("actor", query.actor());
        }
        if (query.from() != null) {
            where.add("at >= :from");
            parameters.and("from", query.from());
        }
        if (query.to() != null) {
            where.add("at < :to");
            parameters.and("to", query.to());
        }
        Sort newestFirst = Sort.descending("at", "id");
        var found = where.isEmpty()
                ? AuditEntry.<AuditEntry>findAll(newestFirst)
                : AuditEntry.<AuditEntry>find(String.join(" and ", where), newestFirst, parameters);
        List<AuditEntry> rows = found.range(query.page() * query.size(), (query.page() + 1) * query.size()).list();
        boolean hasMore = rows.size() > query.size();
        List<AuditView> views = rows.stream().limit(query.size()).map(AuditView::of).toList();
        return new Page(views, query.page(), query.size(), hasMore);
    }
}
