package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.plugin.PluginFolder;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.ValidationException;
import dev.portcullis.model.validation.Violations;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The operator plugins the control plane has in its plugins folder ({@code PORTCULLIS_PLUGINS_DIR}, loaded once):
 * a {@code plugins} entry naming one of them is refused when the plugin refuses its config, so the mistake is a 400
 * at save time rather than a snapshot every gateway rejects. An entry naming a plugin the control plane does not have
 * is accepted: gateways may have plugins the control plane lacks, and a gateway without it rejects the snapshot and
 * reports why. A folder that cannot be loaded stops the start with its reason.
 */
@Startup
@Singleton
public class PluginRule {

    private static final Logger LOG = Logger.getLogger(PluginRule.class);

    private final InstalledPlugins installed;

    @Inject
    PluginRule(PortcullisConfig config) {
        this(PluginFolder.load(Path.of(config.pluginsDir())));
        LOG.infof("plugins folder %s: %s", config.pluginsDir(),
                installed.names().isEmpty() ? "no plugins" : installed.names());
    }

    public PluginRule(InstalledPlugins installed) {
        this.installed = installed;
    }

    /** Throws a {@link ValidationException} naming each refused entry's {@code config} field. */
    public void check(ProxyDefinition definition) {
        Violations root = Violations.root();
        installed.check(root, definition, false);
        root.throwIfAny();
    }
}
