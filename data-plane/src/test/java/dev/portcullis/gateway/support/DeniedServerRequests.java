package dev.portcullis.gateway.support;

import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records each denied server request a gateway counts, as {@code "<proxy id> <method>"}. Thread-safe. */
public final class DeniedServerRequests implements RequestObserver {

    private final Queue<String> denied = new ConcurrentLinkedQueue<>();

    @Override
    public void serverRequestDenied(RequestObservation observation, String method) {
        denied.add(observation.proxy().id() + " " + method);
    }

    @Override
    public void completed(RequestObservation observation, CompletedRequest request) {
    }

    /** What was denied so far, in order. */
    public List<String> all() {
        return new ArrayList<>(denied);
    }

    public void clear() {
        denied.clear();
    }
}
