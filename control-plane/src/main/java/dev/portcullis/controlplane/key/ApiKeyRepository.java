package dev.portcullis.controlplane.key;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    /** Newest first; {@code aliasContains} (case-insensitive) narrows the list when not blank. */
    public List<ApiKey> list(String aliasContains) {
        Sort newestFirst = Sort.descending("createdAt").and("id");
        if (aliasContains == null || aliasContains.isBlank()) {
            return listAll(newestFirst);
        }
        String pattern = "%" + aliasContains.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return list("lower(alias) like :pattern escape '\\'", newestFirst, Parameters.with("pattern", pattern));
    }

    /** Keys a gateway must accept now: active and not yet expired. */
    public List<ApiKey> usable(Instant now) {
        return list("state = :active and (expiresAt is null or expiresAt > :now)", Sort.by("id"),
                Parameters.with("active", ApiKey.ACTIVE).and("now", now));
    }
}
