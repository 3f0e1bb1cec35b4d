package dev.portcullis.gateway.observe.accesslog;

import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.metrics.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Hands every tracked request ({@link CompletedRequest#tracked()}) to the {@link AccessLogWriter}; untracked ones
 * ({@code doNotTrack}, {@code trafficLogs: false}) are not logged. Never blocks the event loop: a full queue drops
 * the line and counts it in {@code portcullis_access_log_dropped_total}.
 */
public final class AccessLogObserver implements RequestObserver {

    private final AccessLogWriter writer;

    public AccessLogObserver(AccessLogWriter writer, MeterRegistry registry) {
        this.writer = writer;
        FunctionCounter.builder(MetricNames.ACCESS_LOG_DROPPED, writer, AccessLogWriter::dropped)
                .description("Access-log lines dropped because the writer's queue was full or a write failed")
                .register(registry);
    }

    @Override
    public void completed(RequestObservation observation, CompletedRequest request) {
        if (request.tracked()) {
            writer.offer(request.record(), observation.upstreamTarget(), request.legOf());
        }
    }
}
