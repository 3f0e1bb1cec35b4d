package dev.portcullis.controlplane.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.audit.AuditLog;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import dev.portcullis.controlplane.history.ConfigHistory;
import dev.portcullis.model.json.Json;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.persistence.EntityNotFoundException;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The versioned, audited, ETag-guarded lifecycle every configuration object (proxy, policy) shares: validation by
 * shared-model, ids derived from names when absent, optimistic locking with If-Match, one configuration version per
 * change (taken by {@link ConfigVersions#bump()}, which also serialises changes so the checks on the locked state
 * cannot race another write), and an audit entry and history record in the transaction that makes the change.
 *
 * <p>Checks run in the order a client can fix things (If-Match present, object exists, If-Match current, body
 * valid), and only then is the version bumped and the checks repeated on the locked state, so a refused request
 * never waits for the lock nor uses up a version. A subclass says how to parse, which columns to copy out, and
 * adds its own rules through the {@code check} hooks.
 *
 * @param <D> the shared-model definition
 * @param <S> its stored entity
 */
public abstract class DefinitionService<D, S extends StoredDefinition> {

    private static final String PLACEHOLDER_ID = "placeholder";

    /** Records every change in the transaction that makes it. */
    @Inject
    AuditLog audit;

    /** Records the configuration version every change makes. */
    @Inject
    ConfigHistory history;

    @Inject
    ConfigVersions versions;

    /**
     * What a subclass is about.
     *
     * @param name       the entity type in audit entries, history and problems: {@code proxy}, {@code policy}
     * @param fallbackId the id a definition gets when its name yields none
     * @param keyColumn  the column of {@code api_key} that lists ids of this kind, cleared of a deleted one
     * @param parse      binds and validates; throws {@code ValidationException} naming every bad field
     */
    public record Kind<D, S extends StoredDefinition>(String name, String fallbackId, String keyColumn,
                                                      Class<D> type, Function<byte[], D> parse,
                                                      Function<D, String> idOf, Supplier<S> newStored,
                                                      PanacheRepositoryBase<S, String> repository) {
    }

    protected abstract Kind<D, S> kind();

    private PanacheRepositoryBase<S, String> repository() {
        return kind().repository();
    }

    /** Copies the name and the columns queries filter on out of the definition. */
    protected abstract void copyColumns(D definition, S stored);

    /** Rules checked before the version lock is taken. */
    protected void checkUnlocked(D definition) {
    }

    /** Rules checked again, or only, under the version lock. */
    protected void checkLocked(D definition) {
    }

    /** Rules a deletion must pass, under the version lock. */
    protected void checkDeletable(S stored) {
    }

    /** Rules a definition restored by a rollback must pass. */
    protected void checkRestored(D definition) {
    }

    @Transactional
    public List<S> list() {
        return repository().listAll(Sort.by("id"));
    }

    @Transactional
    public S get(String id) {
        return repository().findByIdOptional(id).orElseThrow(() -> ProblemException.notFound(kind().name(), id));
    }

    /** The stored definition, read back as the shared-model record. */
    public D read(S stored) {
        return stored.definitionAs(kind().type());
    }

    @Transactional
    public S create(String body) {
        ObjectNode tree = JsonBodies.object(body);
        JsonNode id = tree.get("id");
        boolean derivedId = id == null || id.isNull();
        // Validated (with a stand-in id when none is given) before it takes the lock, so a refused body spends no
        // version.
        D definition = parse(derivedId ? tree.deepCopy().put("id", PLACEHOLDER_ID) : tree);
        checkUnlocked(definition);
        versions.bump();
        if (derivedId) {
            JsonNode name = tree.get("name");
            tree.put("id", Slugs.unique(name != null && name.isTextual() ? name.asText() : "", kind().fallbackId(),
                    candidate -> repository().findById(candidate) != null));
            definition = parse(tree);
        }
        String newId = kind().idOf().apply(definition);
        if (repository().findById(newId) != null) {
            throw ProblemException.conflict(kind().name() + " '" + newId + "' already exists");
        }
        checkLocked(definition);
        S stored = kind().newStored().get();
        stored.id = newId;
        stored.createdAt = Instant.now();
        copy(definition, stored);
        repository().persistAndFlush(stored);
        audit.record("create", kind().name(), newId, null, stored.definition);
        history.record("create " + kind().name() + " " + newId);
        return stored;
    }

    /**
     * The checks an update of {@code id} with {@code body} passes before it takes the lock (JSON shape, the id, every
     * field rule, {@link #checkUnlocked}); nothing is stored. Throws the problem the update would. The dashboard's
     * definition editor calls it as the admin types.
     */
    @Transactional
    public D validate(String id, String body) {
        ObjectNode tree = JsonBodies.object(body);
        JsonNode bodyId = tree.get("id");
        if (bodyId == null || bodyId.isNull()) {
            tree.put("id", id);
        } else if (!bodyId.isTextual() || !bodyId.asText().equals(id)) {
            throw ProblemException.invalid("id", "must match the id in the URL ('" + id + "')");
        }
        D definition = parse(tree);
        checkUnlocked(definition);
        return definition;
    }

    @Transactional
    public S update(String id, String body, IfMatch ifMatch) {
        ifMatch.required();
        ifMatch.check(get(id).version);
        D definition = validate(id, body);
        versions.bump();
        S stored = locked(id);
        ifMatch.check(stored.version);
        checkLocked(definition);
        String before = stored.definition;
        copy(definition, stored);
        repository().flush();
        audit.record("update", kind().name(), id, before, stored.definition);
        history.record("update " + kind().name() + " " + id);
        return stored;
    }

    @Transactional
    public void delete(String id, IfMatch ifMatch) {
        ifMatch.check(get(id).version);
        versions.bump();
        S stored = locked(id);
        ifMatch.check(stored.version);
        checkDeletable(stored);
        audit.record("delete", kind().name(), id, stored.definition, null);
        remove(stored);
        history.record("delete " + kind().name() + " " + id);
    }

    /**
     * Deletes a stored definition and takes its id out of every key that lists it, so a later one reusing the id
     * does not silently inherit those keys. For callers that hold the version lock, checked what a deletion needs
     * and audit the change themselves: {@link #delete} and a rollback.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(S stored) {
        String column = kind().keyColumn();
        repository().getEntityManager().createNativeQuery("update api_key set " + column + " = array_remove(" + column
                        + ", ?1), version = version + 1 where ?1 = any(" + column + ")")
                .setParameter(1, stored.id).executeUpdate();
        repository().delete(stored);
        repository().flush();
    }

    /**
     * Makes the stored definition exactly {@code definition}, creating it when absent; true when anything changed.
     * For a rollback, which holds the version lock and audits the whole set itself; rules between definitions
     * (listen-path conflicts) are not checked because the whole set is replaced by one that was valid together.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean restore(D definition) {
        checkRestored(definition);
        S stored = repository().findById(kind().idOf().apply(definition));
        if (stored == null) {
            stored = kind().newStored().get();
            stored.id = kind().idOf().apply(definition);
            stored.createdAt = Instant.now();
            copy(definition, stored);
            repository().persist(stored);
            return true;
        }
        if (Json.mapper().valueToTree(definition).equals(Json.mapper().valueToTree(read(stored)))) {
            return false;
        }
        copy(definition, stored);
        return true;
    }

    /** Re-reads the definition after {@link ConfigVersions#bump()}: what a concurrent change committed is seen now. */
    private S locked(String id) {
        S stored = get(id);
        try {
            repository().getEntityManager().refresh(stored);
        } catch (EntityNotFoundException deletedMeanwhile) {
            throw ProblemException.notFound(kind().name(), id);
        }
        return stored;
    }

    private D parse(ObjectNode tree) {
        return kind().parse().apply(Json.write(tree));
    }

    private void copy(D definition, S stored) {
        copyColumns(definition, stored);
        stored.definition = new String(Json.write(definition), StandardCharsets.UTF_8);
        stored.updatedAt = Instant.now();
    }
}
