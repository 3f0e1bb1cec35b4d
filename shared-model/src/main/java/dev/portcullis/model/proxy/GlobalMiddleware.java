package dev.portcullis.model.proxy;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;
import java.util.List;

/**
 * Middleware for every request of a proxy.
 *
 * @param rateLimit        shared by all consumers of the proxy; null = none
 * @param requestSizeLimit bytes, default {@link ProxyDefinition#DEFAULT_REQUEST_SIZE_LIMIT}
 * @param trafficLogs      record analytics for this proxy (default true)
 * @param cors             null = no CORS handling
 * @param plugins          operator plugins on every request of the proxy (docs/plugins.md); never null
 */
public record GlobalMiddleware(HeaderTransform transformRequestHeaders, HeaderTransform transformResponseHeaders,
                               RateLimit rateLimit, Long requestSizeLimit, Boolean trafficLogs, Cors cors,
                               List<PluginEntry> plugins) {

    public static final GlobalMiddleware DEFAULT = new GlobalMiddleware(null, null, null, null, null, null, null);

    public GlobalMiddleware {
        transformRequestHeaders = HeaderTransform.orNone(transformRequestHeaders);
        transformResponseHeaders = HeaderTransform.orNone(transformResponseHeaders);
        requestSizeLimit = requestSizeLimit == null ? ProxyDefinition.DEFAULT_REQUEST_SIZE_LIMIT : requestSizeLimit;
        trafficLogs = trafficLogs == null ? Boolean.TRUE : trafficLogs;
        plugins = Immutable.list(plugins);
    }

    public void validate(Violations at) {
        transformRequestHeaders.validate(at.at("transformRequestHeaders"), true);
        transformResponseHeaders.validate(at.at("transformResponseHeaders"), false);
        if (rateLimit != null) {
            rateLimit.validate(at.at("rateLimit"));
        }
        FieldRules.positive(at.at("requestSizeLimit"), requestSizeLimit);
        if (cors != null) {
            cors.validate(at.at("cors"));
        }
        PluginEntry.validate(at.at("plugins"), plugins);
    }
}
