package dev.portcullis.controlplane.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every Dashboard API call by route, for {@code /q/metrics}: {@code portcullis_api_request_duration_seconds}
 * with {@code method}, {@code route} (the resource's path template, {@code /api/mcps/{id}}, never the raw path) and
 * {@code status}, in fixed buckets from 5 ms to 10 s so a p95 per route is computed across replicas. Routes come
 * from the resource classes, so the label values are bounded by the API itself; the template of a resource method
 * is read from its annotations once and cached. Calls refused before they reach a resource (an unknown path, a
 * missing token) are not timed here. The feed and the dashboard's pages are not API calls and are not timed.
 */
@Singleton
public class ApiLatency {

    static final String NAME = "portcullis.api.request.duration";
    private static final String START = ApiLatency.class.getName() + ".start";
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** One resource method and the status it answered. */
    private record Key(Class<?> resource, String method, Class<?>[] parameterTypes, String httpMethod, int status) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.resource == resource && key.method.equals(method)
                    && Arrays.equals(key.parameterTypes, parameterTypes) && key.httpMethod.equals(httpMethod)
                    && key.status == status;
        }

        @Override
        public int hashCode() {
            return ((resource.hashCode() * 31 + method.hashCode()) * 31 + Arrays.hashCode(parameterTypes)) * 31
                    + httpMethod.hashCode() * 7 + status;
        }
    }

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    ApiLatency(MeterRegistry registry) {
        this.registry = registry;
    }

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @ServerResponseFilter
    public void stop(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo resource) {
        Object start = request.getProperty(START);
        if (!(start instanceof Long started) || resource == null || resource.getResourceClass() == null) {
            return;
        }
        Key key = new Key(resource.getResourceClass(), resource.getMethodName(), resource.parameterTypes(),
                request.getMethod(), response.getStatus());
        Timer timer = timers.computeIfAbsent(key, this::timer);
        if (timer != NOT_API) {
            timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** Marks resource methods outside {@code /api}: registered nowhere that is exported, never recorded. */
    private static final Timer NOT_API = Timer.builder("portcullis.api.not.timed").register(new SimpleMeterRegistry());

    private Timer timer(Key key) {
        String route = route(key.resource(), key.method(), key.parameterTypes());
        if (!route.equals("/api") && !route.startsWith("/api/")) {
            return NOT_API;
        }
        return Timer.builder(NAME).description("Dashboard API calls by route template, HTTP method and status")
                .tag("method", key.httpMethod()).tag("route", route).tag("status", Integer.toString(key.status()))
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** The path template of a resource method: its class's {@code @Path} joined with its own. */
    static String route(Class<?> resource, String methodName, Class<?>[] parameterTypes) {
        String base = template(resource.getAnnotation(Path.class));
        for (Method method : resource.getMethods()) {
            if (method.getName().equals(methodName) && Arrays.equals(parameterTypes, method.getParameterTypes())) {
                String own = template(method.getAnnotation(Path.class));
                return own.isEmpty() ? base : base + own;
            }
        }
        return base;
    }

    private static String template(Path path) {
        if (path == null) {
            return "";
        }
        String value = path.value();
        if (!value.startsWith("/")) {
            value = "/" + value;
        }
        return value.endsWith("/") && value.length() > 1 ? value.substring(0, value.length() - 1) : value;
    }
}
