package dev.portcullis.launcher.up;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides, once a second, whether the control plane and PostgreSQL run at idle CPU priority or with the share they
 * have at nice 10 ({@link BackgroundCpu}). Idle is what keeps a gateway's tail short while they ingest analytics on
 * the same cores, but a machine kept busy by others gives an idle group almost nothing. So they get their share
 * back when
 * <ul>
 *   <li>the control plane is slow to answer: its readiness check took {@link #SLOW_MILLIS} or more, or failed, at
 *   {@link #SLOW_LOOKS} looks in a row (a machine kept busy, by a gateway at full load or by anything else: a key
 *   revocation, a dashboard page and the gateways' config feed must not wait for the CPU);</li>
 *   <li>the analytics backlog, above {@link #FLOOR}, grew by more than {@link #GROWTH} over the last
 *   {@link #GROWTH_WINDOW_NANOS}, from one look to the next at {@link #RISING} of the looks or more: the ingest is
 *   losing ground, and records must never reach the stream's cap, where the oldest are trimmed unread. A burst (the
 *   records gateways kept while Redis was away) grows it for seconds only, and idle priority drains it as the
 *   machine allows;</li>
 *   <li>the backlog is past {@link #GUARD_PERCENT} of the cap, whatever its trend, or could not be read at
 *   {@link #UNKNOWN_LOOKS} looks in a row;</li>
 *   <li>the control plane or PostgreSQL was restarted ({@link #restarted}): a start at idle priority could miss its
 *   health deadline.</li>
 * </ul>
 * They keep it for at least {@link #MIN_HOLD_NANOS}, doubled (up to {@link #MAX_HOLD_NANOS}) each time idle priority
 * did not last {@link #SETTLED_NANOS}, and beyond while the readiness check is slow or the backlog unknown or past the
 * guard: under a load that keeps the machine busy they stay at their share, trying idle again now and then. Not
 * thread-safe.
 */
final class BackgroundCpuPolicy {

    enum Mode { IDLE, SHARE }

    /** Below this many unread records the backlog's growth is not looked at. */
    static final long FLOOR = 20_000;
    /** The share of the stream's cap at which the ingest gets its share whatever the trend. */
    static final int GUARD_PERCENT = 80;
    /**
     * Growth over the window that counts: slower growth (under 670 records a second) reaches the guard in minutes
     * at most, and the guard takes it from there. The window is longer than a burst: appending 600,000 records
     * at once took Redis 12 s on 2 cores.
     */
    static final long GROWTH = 20_000;
    static final long GROWTH_WINDOW_NANOS = 30_000_000_000L;
    /**
     * The share of the looks over that window at which the backlog must have been longer than at the one before: a
     * burst of 12 s is 40 %; an ingest losing ground in batches (the stream is trimmed when a batch of 20,000 is
     * acknowledged) rises at three looks of four between its drops.
     */
    static final double RISING = 0.6;
    /** A readiness check this slow says the control plane waits for the CPU (it answers in a few ms otherwise). */
    static final long SLOW_MILLIS = 250;
    static final int SLOW_LOOKS = 2;
    static final int UNKNOWN_LOOKS = 5;
    static final long MIN_HOLD_NANOS = 30_000_000_000L;
    static final long MAX_HOLD_NANOS = 300_000_000_000L;
    static final long SETTLED_NANOS = 120_000_000_000L;

    /**
     * One look: when, the unread records (negative when unknown), and how long the control plane's readiness check
     * took (negative when it failed or timed out).
     */
    record Sample(long nanos, long backlog, long readyMillis) {
    }

    private final long guard;
    private final Deque<Sample> window = new ArrayDeque<>();
    private Mode mode = Mode.IDLE;
    private long modeSince;
    private long holdUntil;
    /** The last hold; 0 before the first. */
    private long hold;
    private int slowLooks;
    private int unknownLooks;
    private String reason = "";

    BackgroundCpuPolicy(long streamCap, long startNanos) {
        this.guard = streamCap / 100 * GUARD_PERCENT;
        this.modeSince = startNanos;
    }

    Mode mode() {
        return mode;
    }

    /** Why the mode is what it is, for the launcher's output. */
    String reason() {
        return reason;
    }

    /** How long the share, once given, is held before idle priority is tried again; 0 before the first time. */
    long holdSeconds() {
        return seconds(hold);
    }

    /** Takes one sample and returns the mode to be in from now. */
    Mode next(Sample sample) {
        window.addLast(sample);
        while (sample.nanos() - window.peekFirst().nanos() > GROWTH_WINDOW_NANOS) {
            window.removeFirst();
        }
        slowLooks = sample.readyMillis() < 0 || sample.readyMillis() >= SLOW_MILLIS ? slowLooks + 1 : 0;
        unknownLooks = sample.backlog() < 0 ? unknownLooks + 1 : 0;
        if (mode == Mode.IDLE) {
            String trigger = shareTrigger(sample);
            if (trigger != null) {
                boolean settled = sample.nanos() - modeSince >= SETTLED_NANOS;
                share(sample, trigger, settled || hold == 0 ? MIN_HOLD_NANOS : Math.min(hold * 2, MAX_HOLD_NANOS));
            }
        } else if (sample.nanos() - holdUntil >= 0 && sample.backlog() >= 0 && sample.backlog() < guard
                && slowLooks == 0) {
            switchTo(Mode.IDLE, sample, "after " + seconds(hold) + " s at a nice-10 share");
        }
        return mode;
    }

    /**
     * A restarted control plane or PostgreSQL ({@code what}) starts with its share, for the last hold (at least the
     * shortest).
     */
    Mode restarted(long nanos, String what) {
        Sample now = new Sample(nanos, -1, 0);
        if (mode == Mode.IDLE) {
            share(now, what + " restarted", Math.max(hold, MIN_HOLD_NANOS));
        } else {
            holdUntil = Math.max(holdUntil, nanos + MIN_HOLD_NANOS);
        }
        return mode;
    }

    private String shareTrigger(Sample sample) {
        long backlog = sample.backlog();
        if (slowLooks >= SLOW_LOOKS) {
            return sample.readyMillis() < 0 ? "the control plane's readiness check failed or timed out"
                    : "the control plane's readiness check took " + sample.readyMillis() + " ms";
        }
        if (unknownLooks >= UNKNOWN_LOOKS) {
            return "the analytics backlog could not be read for " + unknownLooks + " s";
        }
        if (backlog >= guard) {
            return "the analytics backlog (" + backlog + " records) is past " + GUARD_PERCENT
                    + " % of the stream's cap";
        }
        Sample longAgo = oldest(GROWTH_WINDOW_NANOS);
        if (backlog >= FLOOR && longAgo != null && longAgo.backlog() >= 0 && backlog - longAgo.backlog() > GROWTH
                && risingShare(longAgo) >= RISING) {
            return "the analytics backlog grows (" + longAgo.backlog() + " to " + backlog + " records in "
                    + seconds(sample.nanos() - longAgo.nanos()) + " s)";
        }
        return null;
    }

    /**
     * The oldest sample at most {@code span} old, when the samples since the last switch cover most of that span;
     * else null.
     */
    private Sample oldest(long span) {
        long now = window.peekLast().nanos();
        for (Sample each : window) {
            if (now - each.nanos() <= span) {
                return now - each.nanos() >= span * 4 / 5 ? each : null;
            }
        }
        return null;
    }

    /** The share of the looks since {@code from} at which the backlog was longer than at the look before. */
    private double risingShare(Sample from) {
        int steps = 0;
        int rising = 0;
        Sample previous = null;
        for (Sample each : window) {
            if (each.nanos() >= from.nanos()) {
                if (previous != null) {
                    steps++;
                    rising += previous.backlog() >= 0 && each.backlog() > previous.backlog() ? 1 : 0;
                }
                previous = each;
            }
        }
        return steps == 0 ? 0 : (double) rising / steps;
    }

    private void share(Sample sample, String why, long nanos) {
        hold = nanos;
        switchTo(Mode.SHARE, sample, why);
        holdUntil = sample.nanos() + hold;
    }

    private void switchTo(Mode next, Sample sample, String why) {
        mode = next;
        modeSince = sample.nanos();
        reason = why;
        window.clear();
        window.addLast(sample);
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }
}
