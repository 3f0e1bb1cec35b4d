package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.proxy.UpstreamAddresses;
import dev.portcullis.model.validation.ValidationException;
import dev.portcullis.model.validation.Violations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;

/**
 * The control plane's {@link UpstreamAddresses}: link-local and metadata addresses refused unless
 * {@code PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES} allows them. A malformed range stops the start with its name.
 */
@Singleton
public class UpstreamAddressRule {

    private final UpstreamAddresses addresses;

    @Inject
    UpstreamAddressRule(PortcullisConfig config) {
        this(allowed(config));
    }

    public UpstreamAddressRule(UpstreamAddresses addresses) {
        this.addresses = addresses;
    }

    private static UpstreamAddresses allowed(PortcullisConfig config) {
        try {
            return UpstreamAddresses.allowing(String.join(",",
                    config.upstreamAllowedPrivateRanges().orElse(List.of())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES: " + e.getMessage(), e);
        }
    }

    /** Throws a {@link ValidationException} naming {@code upstream.url} or {@code upstream.targets[i].url}. */
    public void check(ProxyDefinition definition) {
        if (definition.upstream() == null) {
            return;
        }
        Violations root = Violations.root();
        addresses.validate(root.at("upstream"), definition.upstream());
        root.throwIfAny();
    }

    /** True when the control plane may dial this resolved address. */
    public boolean permits(InetAddress address) {
        return addresses.permits(address);
    }
}
