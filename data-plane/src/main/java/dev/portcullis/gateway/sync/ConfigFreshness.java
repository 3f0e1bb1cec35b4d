package dev.portcullis.gateway.sync;

import dev.portcullis.gateway.config.ConfigStaleness;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * How long ago a control plane last confirmed that the configuration being served is current, and whether that
 * makes it stale ({@link ConfigStaleness}). The configuration is confirmed current when a snapshot received from a
 * control plane is applied or turns out to be the one already served; while the stream that delivered it stays
 * open the confirmation holds (every change would be pushed on it), so the age is 0. The age starts counting when
 * that stream is lost, or when a control plane sends a snapshot the gateway refuses. Before any confirmation it
 * counts from the gateway's start.
 *
 * <p>{@link ConfigFeed} writes from its event loop; the gauges and the readiness check read from any thread.
 */
public final class ConfigFreshness {

    private static final Logger LOG = Logger.getLogger(ConfigFreshness.class);

    private final ConfigStaleness rule;
    private final LongSupplier nanoTime;
    private volatile long confirmedAtNanos;
    /** A stream is open and the last snapshot a control plane sent was accepted: current until further notice. */
    private volatile boolean live;
    private boolean streamOpen;
    /** Whether the last {@link #check} found the configuration stale; event-loop confined. */
    private boolean reportedStale;

    public ConfigFreshness(ConfigStaleness rule) {
        this(rule, System::nanoTime);
    }

    ConfigFreshness(ConfigStaleness rule, LongSupplier nanoTime) {
        this.rule = rule;
        this.nanoTime = nanoTime;
        this.confirmedAtNanos = nanoTime.getAsLong();
    }

    public ConfigStaleness rule() {
        return rule;
    }

    /** Time since the configuration was last confirmed current; zero while it is confirmed continuously. */
    public Duration age() {
        return live ? Duration.ZERO : Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - confirmedAtNanos));
    }

    public boolean stale() {
        return age().compareTo(rule.after()) > 0;
    }

    /** Whether the readiness probe should fail: stale, and the operator chose {@code not-ready}. */
    public boolean holdsReadinessDown() {
        return rule.readiness() == ConfigStaleness.StaleReadiness.NOT_READY && stale();
    }

    void streamOpened() {
        streamOpen = true;
    }

    void streamLost() {
        if (live) {
            confirmedAtNanos = nanoTime.getAsLong();
        }
        live = false;
        streamOpen = false;
    }

    /** A control plane sent a snapshot that is now (or already was) the one served. */
    void confirmed() {
        confirmedAtNanos = nanoTime.getAsLong();
        live = streamOpen;
    }

    /** A control plane sent a snapshot the gateway refused: what it serves is no longer known to be current. */
    void refused() {
        if (live) {
            confirmedAtNanos = nanoTime.getAsLong();
        }
        live = false;
    }

    /**
     * Logs the moment the configuration becomes stale (WARN) and the moment it is confirmed again (INFO), once
     * each. Called periodically on the feed's event loop.
     *
     * @param servedVersion the version being served, null before the first snapshot
     */
    void check(Long servedVersion) {
        boolean stale = stale();
        if (stale && !reportedStale) {
            LOG.warnf("configuration is stale: no control plane has confirmed version %s current for %d s"
                            + " (PORTCULLIS_CONFIG_STALE_AFTER %d s); serving it on, readiness %s",
                    servedVersion == null ? "none" : servedVersion.toString(), age().toSeconds(),
                    rule.after().toSeconds(), rule.readiness().value());
        } else if (!stale && reportedStale) {
            LOG.infof("configuration version %s confirmed current again", servedVersion == null ? "none"
                    : servedVersion.toString());
        }
        reportedStale = stale;
    }
}
