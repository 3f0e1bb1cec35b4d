package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.policy.PolicyService;
import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.ProxyService;
import dev.portcullis.model.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Imports Tyk API definitions and policies. The whole request is mapped and checked first
 * ({@link TykImportPlan}); any problem refuses all of it with a 400 that also carries the report. Then every
 * proxy, then every policy, is created through {@link ProxyService} and {@link PolicyService} in one transaction, so
 * each is validated, audited and versioned as if posted on its own, and either all are created or none. A dry run
 * does the same and rolls the transaction back, so it refuses exactly what the import would (upstream addresses,
 * plugins, secrets) and saves nothing: gateways hear of changes only once a transaction commits.
 */
@ApplicationScoped
public class TykImportService {

    private final ProxyService proxies;
    private final PolicyService policies;
    private final TransactionSynchronizationRegistry transaction;

    TykImportService(ProxyService proxies, PolicyService policies, TransactionSynchronizationRegistry transaction) {
        this.proxies = proxies;
        this.policies = policies;
        this.transaction = transaction;
    }

    @Transactional
    public TykImportReport run(String body) {
        TykImportPlan plan = TykImportPlan.of(JsonBodies.object(body), new TykImportPlan.Existing(
                proxies.list().stream().map(ProxyRepository::definitionOf).toList(),
                policies.list().stream().map(p -> p.id).collect(Collectors.toSet())));
        if (!plan.errors().isEmpty()) {
            throw new ProblemException(ProblemException.invalid(plan.errors()).problem()
                    .with("report", plan.report()));
        }
        List<ImportedItem> createdProxies = new ArrayList<>();
        for (TykImportPlan.Planned planned : plan.proxies()) {
            createdProxies.add(saved(planned, proxies.create(new String(Json.write(planned.definition()),
                    StandardCharsets.UTF_8)).definition));
        }
        List<ImportedItem> createdPolicies = new ArrayList<>();
        for (TykImportPlan.Planned planned : plan.policies()) {
            createdPolicies.add(saved(planned, policies.create(new String(Json.write(planned.definition()),
                    StandardCharsets.UTF_8)).definition));
        }
        if (plan.dryRun()) {
            transaction.setRollbackOnly();
            return plan.report();
        }
        return new TykImportReport(false, createdProxies, createdPolicies);
    }

    private static ImportedItem saved(TykImportPlan.Planned planned, String stored) {
        JsonNode result;
        try {
            result = Json.mapper().readTree(stored);
        } catch (IOException impossible) {
            throw new IllegalStateException("stored definition is not JSON", impossible);
        }
        ImportedItem item = planned.item();
        return new ImportedItem(item.source(), item.tykId(), item.id(), result, item.ignored());
    }
}
