package dev.portcullis.gateway.observe;

import io.vertx.core.MultiMap;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The observers of a gateway, called in order. An observer that throws is logged (once per call, without the
 * request's content) and the others still run: observing never changes what the agent gets.
 */
public final class RequestObservers {

    private static final Logger LOG = Logger.getLogger(RequestObservers.class);

    /** No observers, for tests that only care about traffic. */
    public static final RequestObservers NONE = new RequestObservers(List.of());

    private final List<RequestObserver> observers;

    public RequestObservers(List<RequestObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    /** Called by each agent-facing server on its event loop before it listens. */
    public void eventLoopStarted() {
        for (RequestObserver observer : observers) {
            try {
                observer.eventLoopStarted();
            } catch (RuntimeException e) {
                LOG.errorf("observer %s failed when an event loop started: %s", observer.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    void routed(RequestObservation observation) {
        for (RequestObserver observer : observers) {
            try {
                observer.routed(observation);
            } catch (RuntimeException e) {
                LOG.errorf("observer %s failed when a request was routed: %s", observer.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    void forwarding(RequestObservation observation, MultiMap upstreamHeaders) {
        for (RequestObserver observer : observers) {
            try {
                observer.forwarding(observation, upstreamHeaders);
            } catch (RuntimeException e) {
                LOG.errorf("observer %s failed when a request was forwarded: %s",
                        observer.getClass().getSimpleName(), e.toString());
            }
        }
    }

    void serverRequestDenied(RequestObservation observation, String method) {
        for (RequestObserver observer : observers) {
            try {
                observer.serverRequestDenied(observation, method);
            } catch (RuntimeException e) {
                LOG.errorf("observer %s failed when a server request was denied: %s",
                        observer.getClass().getSimpleName(), e.toString());
            }
        }
    }

    void completed(RequestObservation observation, CompletedRequest request) {
        for (RequestObserver observer : observers) {
            try {
                observer.completed(observation, request);
            } catch (RuntimeException e) {
                LOG.errorf("observer %s failed when a request completed: %s", observer.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }
}
