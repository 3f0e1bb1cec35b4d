package dev.portcullis.launcher.up;

import static dev.portcullis.launcher.up.BackgroundCpuPolicy.Mode.IDLE;
import static dev.portcullis.launcher.up.BackgroundCpuPolicy.Mode.SHARE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.launcher.up.BackgroundCpuPolicy.Mode;
import dev.portcullis.launcher.up.BackgroundCpuPolicy.Sample;
import org.junit.jupiter.api.Test;

class BackgroundCpuPolicyTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long CAP = 1_000_000;

    private final BackgroundCpuPolicy policy = new BackgroundCpuPolicy(CAP, 0);
    private long now;

    /** One look a second later, the control plane's readiness check having taken {@code readyMillis}. */
    private Mode look(long backlog, long readyMillis) {
        now += SECOND;
        return policy.next(new Sample(now, backlog, readyMillis));
    }

    private Mode looks(int seconds, long backlog, long readyMillis) {
        Mode mode = policy.mode();
        for (int i = 0; i < seconds; i++) {
            mode = look(backlog, readyMillis);
        }
        return mode;
    }

    @Test
    void staysIdleWhileABacklogDrains() {
        long backlog = 600_000;
        for (int second = 0; second < 100; second++) {
            backlog -= 5_000;
            assertThat(look(backlog, 100)).as("second %d", second).isEqualTo(IDLE);
        }
    }

    @Test
    void staysIdleWhileASmallBacklogComesAndGoes() {
        for (int second = 0; second < 60; second++) {
            assertThat(look(second % 2 == 0 ? 500 : 15_000, 0)).isEqualTo(IDLE);
        }
    }

    @Test
    void aBurstThatTheIngestThenDrainsIsNotTaken() {
        assertThat(looks(30, 500, 0)).isEqualTo(IDLE);
        for (long backlog = 50_000; backlog <= 800_000; backlog += 50_000) { // 16 s of records appended at once
            assertThat(look(Math.min(backlog, 790_000), 0)).isEqualTo(IDLE);
        }
        for (int second = 0; second < 120; second++) {
            assertThat(look(790_000 - second * 6_000L, 0)).as("second %d", second).isEqualTo(IDLE);
        }
    }

    @Test
    void anIngestLosingGroundInBatchesIsLeftToTheGuard() {
        long backlog = 100_000;
        int seconds = 0;
        while (look(backlog, 3) == IDLE) { // +8,000 a second, and a batch of 20,000 trimmed every fourth: +2,000/s
            seconds++;
            backlog += seconds % 4 == 0 ? -16_000 : 8_000;
            assertThat(seconds).isLessThanOrEqualTo(400);
        }
        assertThat(policy.reason()).contains("past 80 % of the stream's cap");
    }

    @Test
    void aDrainAfterABurstWithAGatewaysRecordsBetweenBatchesIsNotTaken() {
        assertThat(looks(30, 1_000, 3)).isEqualTo(IDLE);
        long backlog = 1_000;
        for (int second = 0; second < 12; second++) { // 600,000 appended in 12 s
            backlog += 50_000;
            assertThat(look(backlog, 3)).isEqualTo(IDLE);
        }
        for (int second = 1; second <= 60; second++) { // +2,000 a second, a batch of 20,000 trimmed every third
            backlog += second % 3 == 0 ? -20_000 : 2_000;
            assertThat(look(backlog, 3)).as("second %d", second).isEqualTo(IDLE);
        }
    }

    @Test
    void anIngestKeepingUpInBatchesIsNotTaken() {
        long backlog = 100_000;
        for (int second = 1; second <= 120; second++) { // +2,000 a second, a batch of 20,000 trimmed every fourth
            backlog += second % 4 == 0 ? -20_000 : 2_000;
            assertThat(look(Math.max(backlog, 0), 3)).as("second %d", second).isEqualTo(IDLE);
        }
    }

    @Test
    void keepsItsSharePastTheHoldWhileTheControlPlaneIsSlow() {
        slowDown();
        assertThat(looks(60, 0, 400)).isEqualTo(SHARE);
        assertThat(look(0, 3)).isEqualTo(IDLE);
    }

    @Test
    void aRestartKeepsTheDoubledHold() {
        assertThat(secondsUntilIdleAgain()).isEqualTo(30);
        assertThat(secondsUntilIdleAgain()).isEqualTo(60);
        policy.restarted(now, "PostgreSQL");
        assertThat(policy.holdSeconds()).isEqualTo(60);
    }

    @Test
    void takesItsShareAtOnceNearTheStreamsCap() {
        assertThat(look(799_999, 0)).isEqualTo(IDLE);
        assertThat(look(800_000, 0)).isEqualTo(SHARE);
        assertThat(policy.reason()).contains("past 80 % of the stream's cap");
    }

    @Test
    void takesItsShareWhenTheControlPlaneIsSlowToAnswerTwiceInARow() {
        assertThat(looks(10, 0, 249)).isEqualTo(IDLE);
        assertThat(look(0, 250)).as("once: a pause").isEqualTo(IDLE);
        assertThat(look(0, 3)).isEqualTo(IDLE);
        assertThat(look(0, 400)).isEqualTo(IDLE);
        assertThat(look(0, 600)).isEqualTo(SHARE);
        assertThat(policy.reason()).isEqualTo("the control plane's readiness check took 600 ms");
    }

    @Test
    void takesItsShareWhenTheReadinessCheckFails() {
        assertThat(look(0, -1)).isEqualTo(IDLE);
        assertThat(look(0, -1)).isEqualTo(SHARE);
        assertThat(policy.reason()).isEqualTo("the control plane's readiness check failed or timed out");
    }

    @Test
    void takesItsShareWhenTheBacklogCannotBeReadForFiveSecondsAndKeepsItUntilItCan() {
        assertThat(looks(4, -1, 3)).isEqualTo(IDLE);
        assertThat(look(-1, 3)).isEqualTo(SHARE);
        assertThat(policy.reason()).isEqualTo("the analytics backlog could not be read for 5 s");

        assertThat(looks(100, -1, 3)).isEqualTo(SHARE);
        assertThat(look(0, 3)).isEqualTo(IDLE);
    }

    @Test
    void aRestartTakesTheShareForTheShortestHold() {
        assertThat(looks(200, 0, 3)).isEqualTo(IDLE);

        assertThat(policy.restarted(now, "the control plane")).isEqualTo(SHARE);
        assertThat(policy.reason()).isEqualTo("the control plane restarted");
        assertThat(looks(29, 0, 3)).isEqualTo(SHARE);
        assertThat(look(0, 3)).isEqualTo(IDLE);
    }

    @Test
    void aRestartDuringAHoldKeepsTheShareAtLeastTheShortestHoldFromThen() {
        slowDown();
        assertThat(looks(25, 0, 3)).isEqualTo(SHARE);
        policy.restarted(now, "PostgreSQL");
        assertThat(looks(29, 0, 3)).isEqualTo(SHARE);
        assertThat(look(0, 3)).isEqualTo(IDLE);
    }

    @Test
    void holdsItsShareThirtySecondsThenTriesIdleAgain() {
        slowDown();

        assertThat(looks(29, 0, 3)).isEqualTo(SHARE);
        assertThat(look(0, 3)).isEqualTo(IDLE);
        assertThat(policy.reason()).isEqualTo("after 30 s at a nice-10 share");
    }

    @Test
    void holdsLongerEachTimeIdleDoesNotLast() {
        assertThat(secondsUntilIdleAgain()).isEqualTo(30);
        assertThat(secondsUntilIdleAgain()).isEqualTo(60);
        assertThat(secondsUntilIdleAgain()).isEqualTo(120);
        assertThat(secondsUntilIdleAgain()).isEqualTo(240);
        assertThat(secondsUntilIdleAgain()).isEqualTo(300);
        assertThat(secondsUntilIdleAgain()).isEqualTo(300);

        assertThat(looks(120, 0, 0)).isEqualTo(IDLE); // idle lasted: the next hold is the shortest again
        assertThat(secondsUntilIdleAgain()).isEqualTo(30);
    }

    @Test
    void keepsItsShareForTheGuardUntilTheBacklogIsBelowHalfOfIt() {
        assertThat(look(900_000, 0)).isEqualTo(SHARE);
        assertThat(looks(100, 850_000, 0)).isEqualTo(SHARE);
        assertThat(looks(100, 400_001, 0)).isEqualTo(SHARE);
        assertThat(look(399_999, 0)).isEqualTo(IDLE);
    }

    @Test
    void anIngestThatGrowsTheBacklogSteadilyIsLeftToTheGuard() {
        for (int second = 0; second < 300; second++) {
            assertThat(look(30_000 + second * 2_500L, 3)).as("second %d", second).isEqualTo(IDLE);
        }
        assertThat(look(800_000, 3)).isEqualTo(SHARE);
    }

    /** A control plane slow to answer: the policy gives the group its share at the second look. */
    private void slowDown() {
        assertThat(look(0, 900)).isEqualTo(IDLE);
        assertThat(look(0, 900)).isEqualTo(SHARE);
    }

    /** Slows the control plane into its share, then counts the seconds until the policy tries idle again. */
    private int secondsUntilIdleAgain() {
        slowDown();
        int seconds = 1;
        while (look(0, 0) == SHARE) {
            seconds++;
        }
        assertThat(policy.holdSeconds()).isEqualTo(seconds);
        assertThat(policy.reason()).isEqualTo("after " + seconds + " s at a nice-10 share");
        return seconds;
    }
}
