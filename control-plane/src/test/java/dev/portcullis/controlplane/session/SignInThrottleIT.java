package dev.portcullis.controlplane.session;

import dev.portcullis.controlplane.support.AtOnce;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's rows are shared by every replica; each test uses addresses and usernames of its own. */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class SignInThrottleIT {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @Inject
    SignInThrottle throttle;

    private String run;

    @BeforeEach
    void newRun() {
        run = UUID.randomUUID().toString();
    }

    /** An address or username unique to this test. */
    private String own(String value) {
        return value + "/" + run;
    }

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.reserve(username, address, NOW)).as("attempt %d", i).isPresent();
        }
    }

    @Test
    void guessesFromOneAddressDoNotLockTheUserOutFromAnother() {
        fail(own("admin"), own("203.0.113.9"), SignInThrottle.PER_USER_ADDRESS);

        assertThat(throttle.reserve(own("Admin"), own("203.0.113.9"), NOW)).isEmpty();
        assertThat(throttle.reserve(own("admin"), own("198.51.100.7"), NOW)).isPresent();
    }

    @Test
    void anAddressIsLimitedAcrossUsernames() {
        for (int i = 0; i < SignInThrottle.PER_ADDRESS; i++) {
            assertThat(throttle.reserve(own("user-" + i), own("203.0.113.9"), NOW)).isPresent();
        }

        assertThat(throttle.reserve(own("someone-else"), own("203.0.113.9"), NOW)).isEmpty();
        assertThat(throttle.reserve(own("someone-else"), own("198.51.100.7"), NOW)).isPresent();
    }

    @Test
    void aParallelBurstGetsNoMoreAttemptsThanTheLimit() throws Exception {
        List<Boolean> allowed = AtOnce.run(32,
                () -> throttle.reserve(own("admin"), own("203.0.113.9"), NOW).isPresent());

        assertThat(allowed).filteredOn(Boolean::booleanValue).hasSize(SignInThrottle.PER_USER_ADDRESS);
    }

    @Test
    void aSuccessfulAttemptIsRefundedAndForgetsEarlierFailures() {
        fail(own("admin"), own("203.0.113.9"), SignInThrottle.PER_USER_ADDRESS - 1);
        SignInThrottle.Reservation success = throttle.reserve(own("admin"), own("203.0.113.9"), NOW).orElseThrow();

        throttle.refund(success);

        fail(own("admin"), own("203.0.113.9"), SignInThrottle.PER_USER_ADDRESS);
    }

    @Test
    void clearingAUserForgetsItsFailuresFromEveryAddress() {
        fail(own("admin"), own("203.0.113.9"), SignInThrottle.PER_USER_ADDRESS);
        fail(own("admin"), own("198.51.100.7"), SignInThrottle.PER_USER_ADDRESS);
        fail(own("other"), own("198.51.100.7"), SignInThrottle.PER_USER_ADDRESS);

        throttle.clearUser(own("ADMIN"));

        assertThat(throttle.reserve(own("admin"), own("203.0.113.9"), NOW)).isPresent();
        assertThat(throttle.reserve(own("admin"), own("198.51.100.7"), NOW)).isPresent();
        assertThat(throttle.reserve(own("other"), own("198.51.100.7"), NOW)).isEmpty();
    }

    @Test
    void attemptsLeaveTheWindow() {
        fail(own("admin"), own("203.0.113.9"), SignInThrottle.PER_USER_ADDRESS);

        assertThat(throttle.reserve(own("admin"), own("203.0.113.9"), NOW.plus(SignInThrottle.WINDOW).plusSeconds(1)))
                .isPresent();
    }

    @Test
    void expiredAttemptsAreDeletedBySweeping() {
        fail("admin", own("192.0.2.1"), SignInThrottle.PER_USER_ADDRESS);

        assertThat(throttle.deleteExpired(NOW.plus(SignInThrottle.WINDOW))).isGreaterThanOrEqualTo(
                SignInThrottle.PER_USER_ADDRESS * 2);

        assertThat(throttle.reserve("admin", own("192.0.2.1"), NOW)).isPresent();
    }
}
