package dev.portcullis.controlplane.session;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private final SignInThrottle throttle = new SignInThrottle();

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.reserve(username, address, NOW)).as("attempt %d", i).isPresent();
        }
    }

    @Test
    void guessesFromOneAddressDoNotLockTheUserOutFromAnother() {
        fail("admin", "203.0.113.9", SignInThrottle.PER_USER_ADDRESS);

        assertThat(throttle.reserve("Admin", "203.0.113.9", NOW)).isEmpty();
        assertThat(throttle.reserve("admin", "198.51.100.7", NOW)).isPresent();
    }

    @Test
    void anAddressIsLimitedAcrossUsernames() {
        for (int i = 0; i < SignInThrottle.PER_ADDRESS; i++) {
            assertThat(throttle.reserve("user-" + i, "203.0.113.9", NOW)).isPresent();
        }

        assertThat(throttle.reserve("someone-else", "203.0.113.9", NOW)).isEmpty();
        assertThat(throttle.reserve("someone-else", "198.51.100.7", NOW)).isPresent();
    }

    @Test
    void aParallelBurstGetsNoMoreAttemptsThanTheLimit() throws Exception {
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return throttle.reserve("admin", "203.0.113.9", NOW).isPresent();
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Boolean> result : results) {
                allowed += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(SignInThrottle.PER_USER_ADDRESS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSuccessfulAttemptIsRefundedAndForgetsEarlierFailures() {
        fail("admin", "203.0.113.9", SignInThrottle.PER_USER_ADDRESS - 1);
        SignInThrottle.Reservation success = throttle.reserve("admin", "203.0.113.9", NOW).orElseThrow();

        throttle.refund(success);

        fail("admin", "203.0.113.9", SignInThrottle.PER_USER_ADDRESS);
    }

    @Test
    void clearingAUserForgetsItsFailuresFromEveryAddress() {
        fail("admin", "203.0.113.9", SignInThrottle.PER_USER_ADDRESS);
        fail("admin", "198.51.100.7", SignInThrottle.PER_USER_ADDRESS);
        fail("other", "198.51.100.7", SignInThrottle.PER_USER_ADDRESS);

        throttle.clearUser("ADMIN");

        assertThat(throttle.reserve("admin", "203.0.113.9", NOW)).isPresent();
        assertThat(throttle.reserve("admin", "198.51.100.7", NOW)).isPresent();
        assertThat(throttle.reserve("other", "198.51.100.7", NOW)).isEmpty();
    }

    @Test
    void attemptsLeaveTheWindow() {
        fail("admin", "203.0.113.9", SignInThrottle.PER_USER_ADDRESS);

        assertThat(throttle.reserve("admin", "203.0.113.9", NOW.plus(SignInThrottle.WINDOW).plusSeconds(1)))
                .isPresent();
    }

    @Test
    void memoryIsBoundedAndExpiredCountersGoFirst() {
        for (int i = 0; i < SignInThrottle.MAX_TRACKED / 2; i++) {
            throttle.reserve("u" + i, "10.0." + (i / 250) + "." + (i % 250), NOW.minus(SignInThrottle.WINDOW));
        }
        assertThat(throttle.tracked()).isEqualTo(SignInThrottle.MAX_TRACKED);

        fail("admin", "203.0.113.9", SignInThrottle.PER_USER_ADDRESS);

        assertThat(throttle.tracked()).isLessThanOrEqualTo(SignInThrottle.MAX_TRACKED);
        assertThat(throttle.reserve("admin", "203.0.113.9", NOW)).as("a recent lockout survives").isEmpty();

        for (int i = 0; i < SignInThrottle.MAX_TRACKED; i++) {
            throttle.reserve("v" + i, "10.1." + (i / 250) + "." + (i % 250), NOW);
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(SignInThrottle.MAX_TRACKED);
    }
}
