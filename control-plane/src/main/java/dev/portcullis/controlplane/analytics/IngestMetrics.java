package dev.portcullis.controlplane.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this replica's analytics ingest did, for {@code /q/metrics}: {@code portcullis_analytics_ingested_total}
 * (stream entries stored or dead-lettered and acknowledged; its rate is the ingest rate) and
 * {@code portcullis_analytics_ingest_lag_seconds} (how long the newest entry of the last batch waited in the stream,
 * from the gateway's {@code XADD} to this replica's commit: a stream entry id starts with its append time in
 * milliseconds; 0 once a read finds the stream drained). Thread-safe: both ingest threads report here. A singleton,
 * not a lazy proxy: the series exist from the start, before a first batch.
 */
@Singleton
public class IngestMetrics {

    private final Counter ingested;
    private final AtomicLong lagMillis = new AtomicLong();

    IngestMetrics(MeterRegistry registry) {
        this.ingested = Counter.builder("portcullis.analytics.ingested")
                .description("Analytics stream entries this control plane stored (or kept as dead letters) and "
                        + "acknowledged")
                .register(registry);
        Gauge.builder("portcullis.analytics.ingest.lag.seconds", lagMillis, lag -> lag.get() / 1000.0)
                .description("Seconds the newest entry of the last ingested batch waited in the stream; 0 when "
                        + "the stream is drained")
                .register(registry);
    }

    /** A batch was stored and acknowledged at {@code nowMillis}. */
    void stored(List<StreamEntry> batch, long nowMillis) {
        ingested.increment(batch.size());
        long appended = appendedMillis(batch.get(batch.size() - 1).streamId());
        lagMillis.set(appended < 0 ? 0 : Math.max(0, nowMillis - appended));
    }

    /** A read found nothing new: the stream is drained. */
    void drained() {
        lagMillis.set(0);
    }

    /** The millisecond part of a stream entry id ({@code <ms>-<seq>}), or -1 when it has none. */
    static long appendedMillis(String streamId) {
        int dash = streamId.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
