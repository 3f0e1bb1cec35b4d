package dev.portcullis.launcher.up;

/**
 * Decides, once a second, whether the control plane and PostgreSQL run at idle CPU priority or with the share they
 * have at nice 10 ({@link BackgroundCpu}). Idle is what keeps a gateway's tail short while they ingest analytics on
 * the same cores, but a machine kept busy by others gives an idle group almost nothing. So they get their share
 * back when
 * <ul>
 *   <li>the control plane is slow to answer: its readiness check took {@link #SLOW_MILLIS} or more, or failed, at
 *   {@link #SLOW_LOOKS} looks in a row (a machine kept busy, by a gateway at full load or by anything else: a key
 *   revocation, a dashboard page and the gateways' config feed must not wait for the CPU);</li>
 *   <li>the analytics backlog is past {@link #GUARD_PERCENT} of the stream's cap, where the oldest records would
 *   soon be trimmed unread (and then until it is below half that), or could not be read at {@link #UNKNOWN_LOOKS}
 *   looks in a row. Its trend is not looked at: the ingest acknowledges in batches and the stream shrinks a batch
 *   (20,000 records) at a time, so between two batches it grows whether the ingest keeps up or not, and a drain after
 *   a burst looked like growth;</li>
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

    /** The share of the stream's cap at which the group gets its share. */
    static final int GUARD_PERCENT = 80;
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
    private Mode mode = Mode.IDLE;
    private long modeSince;
    private long holdUntil;
    /** The last hold; 0 before the first. */
    private long hold;
    private int slowLooks;
    /** Whether the share was given for the guard: it is then held until the backlog is below half the guard. */
    private boolean guarded;
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
        slowLooks = sample.readyMillis() < 0 || sample.readyMillis() >= SLOW_MILLIS ? slowLooks + 1 : 0;
        unknownLooks = sample.backlog() < 0 ? unknownLooks + 1 : 0;
        if (mode == Mode.IDLE) {
            String trigger = shareTrigger(sample);
            if (trigger != null) {
                guarded = sample.backlog() >= guard;
                boolean settled = sample.nanos() - modeSince >= SETTLED_NANOS;
                share(sample, trigger, settled || hold == 0 ? MIN_HOLD_NANOS : Math.min(hold * 2, MAX_HOLD_NANOS));
            }
        } else if (sample.nanos() - holdUntil >= 0 && sample.backlog() >= 0
                && sample.backlog() < (guarded ? guard / 2 : guard) && slowLooks == 0) {
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
            guarded = false;
            share(now, what + " restarted", Math.max(hold, MIN_HOLD_NANOS));
        } else {
            holdUntil = Math.max(holdUntil, nanos + MIN_HOLD_NANOS);
        }
        return mode;
    }

    private String shareTrigger(Sample sample) {
        if (slowLooks >= SLOW_LOOKS) {
            return sample.readyMillis() < 0 ? "the control plane's readiness check failed or timed out"
                    : "the control plane's readiness check took " + sample.readyMillis() + " ms";
        }
        if (unknownLooks >= UNKNOWN_LOOKS) {
            return "the analytics backlog could not be read for " + unknownLooks + " s";
        }
        if (sample.backlog() >= guard) {
            return "the analytics backlog (" + sample.backlog() + " records) is past " + GUARD_PERCENT
                    + " % of the stream's cap";
        }
        return null;
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
    }

    private static long seconds(long nanos) {
        return Math.round(nanos / 1e9);
    }
}
