package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.proxy.ProxyRepository;
import dev.portcullis.controlplane.proxy.StoredProxy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps stored proxies that fail validation out of snapshots, so that one bad definition (stored by an earlier
 * release whose rules were looser, or written to the database by hand) does not make gateways refuse the whole
 * snapshot and every other proxy with it. A virtual server whose member is left out loses that member, as when the
 * member is inactive ({@link ServedVirtualServers}). Each such proxy is logged once per distinct problem (and again
 * when it is fixed) and counted in the gauge {@code portcullis_config_invalid_proxies}; gateways stop serving it
 * with the first snapshot that leaves it out, until it is fixed. Thread-safe.
 */
@ApplicationScoped
public class InvalidProxies {

    static final String GAUGE = "portcullis.config.invalid.proxies";
    private static final Logger LOG = Logger.getLogger(InvalidProxies.class);
    private static final int SHOWN_ERRORS = 5;

    /** Proxy id to the fields last logged as invalid (never their values: a header value may be a credential). */
    private final Map<String, String> invalid = new ConcurrentHashMap<>();

    InvalidProxies(MeterRegistry registry) {
        Gauge.builder(GAUGE, invalid, Map::size)
                .description("Stored proxies left out of snapshots because they fail validation")
                .register(registry);
    }

    /** The ids of the proxies currently left out. */
    public Set<String> ids() {
        return Set.copyOf(invalid.keySet());
    }

    /**
     * {@code active} without the invalid ones, in order. Pass every active
     * proxy (not only those one gateway serves), so that what is counted is every proxy left out.
     */
    public List<ProxyDefinition> servable(List<StoredProxy> active) {
        Set<String> left = new HashSet<>();
        List<ProxyDefinition> valid = new ArrayList<>(active.size());
        for (StoredProxy stored : active) {
            List<FieldError> errors;
            ProxyDefinition proxy = null;
            try {
                proxy = ProxyRepository.definitionOf(stored);
                errors = proxy.validate();
            } catch (RuntimeException unreadable) {
                errors = List.of(new FieldError("", "cannot be read as a proxy definition"));
            }
            if (errors.isEmpty()) {
                valid.add(proxy);
                fixed(stored.id);
            } else {
                left.add(stored.id);
                report(stored.id, summary(errors));
            }
        }
        Set<String> ids = new HashSet<>();
        active.forEach(proxy -> ids.add(proxy.id));
        invalid.keySet().retainAll(ids); // deleted or deactivated since
        return valid;
    }

    private void report(String id, String problems) {
        if (!problems.equals(invalid.put(id, problems))) {
            LOG.errorf("proxy %1$s fails validation and is left out of every snapshot until it is fixed (gateways"
                    + " stop serving it; the dashboard designer or PUT /api/mcps/%1$s shows why); invalid fields:"
                    + " %2$s", id, problems);
        }
    }

    private void fixed(String id) {
        if (invalid.remove(id) != null) {
            LOG.infof("proxy %s is valid again and back in snapshots", id);
        }
    }

    private static String summary(List<FieldError> errors) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN_ERRORS, errors.size()); i++) {
            String field = errors.get(i).field();
            out.append(i == 0 ? "" : ", ").append(field.isEmpty() ? "(the whole definition)" : field);
        }
        if (errors.size() > SHOWN_ERRORS) {
            out.append(" and ").append(errors.size() - SHOWN_ERRORS).append(" more");
        }
        return out.toString();
    }
}
