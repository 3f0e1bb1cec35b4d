package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.common.DefinitionService;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.secret.SecretService;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Rules for proxy definitions, on top of the lifecycle every definition shares ({@link DefinitionService}):
 * upstream addresses allowed by {@link UpstreamAddressRule}, plugin configs accepted by
 * {@link PluginRule}, referenced secrets known, listen paths unique per
 * gateway, and virtual servers consistent with their members ({@link VirtualServerRule}). Deleting a proxy removes
 * it from every key that granted it (policies forget it by trigger, V2); a proxy that is a member of a virtual server
 * cannot be deleted.
 */
@ApplicationScoped
public class ProxyService extends DefinitionService<ProxyDefinition, StoredProxy> {

    private final Kind<ProxyDefinition, StoredProxy> kind;
    /** Checks plugins entries against the plugins this control plane has. */
    @Inject
    PluginRule plugins;

    private final ProxyRepository proxies;
    private final SecretService secrets;
    private final UpstreamAddressRule addresses;
    private final VirtualServerRule virtualServers;

    ProxyService(ProxyRepository proxies, SecretService secrets, UpstreamAddressRule addresses,
                 VirtualServerRule virtualServers) {
        this.kind = new Kind<>("proxy", "mcp", "proxies", ProxyDefinition.class, ProxyDefinition::parse,
                ProxyDefinition::id, StoredProxy::new, proxies);
        this.proxies = proxies;
        this.secrets = secrets;
        this.addresses = addresses;
        this.virtualServers = virtualServers;
    }

    /**
     * The definition, when its upstream addresses are allowed ({@link UpstreamAddressRule}); else a
     * {@code ValidationException} naming {@code upstream.url} or {@code upstream.targets[i]}. For definitions that
     * come back from history, saved before the rule or under another setting.
     */
    public ProxyDefinition requireAllowedUpstream(ProxyDefinition definition) {
        addresses.check(definition);
        return definition;
    }

    @Override
    protected Kind<ProxyDefinition, StoredProxy> kind() {
        return kind;
    }

    @Override
    protected void checkUnlocked(ProxyDefinition definition) {
        addresses.check(definition);
        plugins.check(definition);
        secrets.requireKnown(definition);
        virtualServers.checkMembers(definition);
    }

    @Override
    protected void checkLocked(ProxyDefinition definition) {
        secrets.requireKnown(definition); // again under the version lock: a secret may have been deleted meanwhile
        virtualServers.checkMembers(definition); // and a member may have changed
        virtualServers.checkMemberChange(definition);
        rejectConflicts(definition);
    }

    @Override
    protected void checkDeletable(StoredProxy stored) {
        virtualServers.checkDeletable(stored.id);
    }

    @Override
    protected void copyColumns(ProxyDefinition definition, StoredProxy stored) {
        stored.name = definition.name();
        stored.listenPath = definition.listenPath();
        stored.gatewayTags = definition.gatewayTags().toArray(String[]::new);
        stored.active = definition.active();
    }

    private void rejectConflicts(ProxyDefinition definition) {
        for (StoredProxy other : proxies.allById()) {
            if (other.id.equals(definition.id())) {
                continue;
            }
            ProxyDefinition existing = read(other);
            if (definition.conflictsWith(existing)) {
                String detail = "listenPath '" + definition.listenPath() + "' overlaps '" + existing.listenPath()
                        + "' of proxy '" + other.id + "', and a gateway would serve both";
                throw new ProblemException(ProblemException.conflict(detail).problem()
                        .withErrors(List.of(new FieldError("listenPath",
                                "overlaps '" + existing.listenPath() + "' of proxy '" + other.id + "'")))
                        .with("conflictingProxy", other.id));
            }
        }
    }
}
