package dev.portcullis.controlplane.pinning;

import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.primitive.McpListingClient;
import dev.portcullis.controlplane.primitive.UpstreamDefinitions;
import dev.portcullis.controlplane.primitive.UpstreamUnreachable;
import dev.portcullis.controlplane.primitive.UpstreamAccessResolver;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** What a proxy's live upstream lists now, for "approve all current"; 502 problem when it cannot be asked. */
@ApplicationScoped
public class LiveDefinitions {

    private static final Logger LOG = Logger.getLogger(LiveDefinitions.class);

    private final UpstreamAccessResolver resolver;
    private final McpListingClient client;

    LiveDefinitions(UpstreamAccessResolver resolver, McpListingClient client) {
        this.resolver = resolver;
        this.client = client;
    }

    public UpstreamDefinitions of(String proxyId) {
        try {
            return client.definitions(resolver.resolve(proxyId));
        } catch (UpstreamUnreachable e) {
            LOG.infof("listing the definitions of proxy %s failed (%s): %s", proxyId, e.category().shown(),
                    e.getMessage());
            throw new ProblemException(Problem.of(502, "upstream-unreachable", "Upstream unreachable",
                    "the upstream could not be asked what it lists now; nothing was approved")
                    .with("category", "unreachable"));
        }
    }
}
