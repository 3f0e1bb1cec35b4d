package dev.portcullis.controlplane.session;

import dev.portcullis.controlplane.user.AppUser;
import dev.portcullis.controlplane.user.Passwords;
import dev.portcullis.controlplane.user.UserRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Checks a sign-in: reserve an attempt with {@link SignInThrottle}, look the user up in a short transaction, check the
 * password with bcrypt outside any transaction (so no JDBC connection is held for the slow part), then open one
 * transaction to end the session the browser came with and start the new one. Blocking: call on a worker thread.
 * Failures are counted on {@code /q/metrics} as {@code portcullis_sign_in_failures_total{reason}} ({@code refused}:
 * wrong username or password or a disabled user; {@code throttled}: too many attempts).
 */
@ApplicationScoped
public class SignInService {

    /** What a sign-in attempt came to. */
    public sealed interface Outcome {
    }

    /** Too many attempts for the username from this address, or from this address. */
    public record Throttled() implements Outcome {
    }

    /** Wrong username or password, or a disabled user: the caller is told no more than that. */
    public record Refused() implements Outcome {
    }

    /** Signed in; {@code sessionId} goes in the session cookie. */
    public record SignedIn(String sessionId) implements Outcome {
    }

    private static final Logger LOG = Logger.getLogger(SignInService.class);

    private final UserRepository users;
    private final SessionService sessions;
    private final SignInThrottle throttle;
    private final Counter refused;
    private final Counter throttled;

    SignInService(UserRepository users, SessionService sessions, SignInThrottle throttle, MeterRegistry registry) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.refused = failures(registry, "refused");
        this.throttled = failures(registry, "throttled");
    }

    private static Counter failures(MeterRegistry registry, String reason) {
        return Counter.builder("portcullis.sign.in.failures").tag("reason", reason)
                .description("Dashboard sign-ins refused (wrong credentials, disabled user) or throttled")
                .register(registry);
    }

    /**
     * @param previousSessionId the session cookie the request came with, ended on success; null when none
     */
    public Outcome signIn(String username, String password, String address, String previousSessionId) {
        Optional<SignInThrottle.Reservation> reservation = throttle.reserve(username, address, Instant.now());
        if (reservation.isEmpty()) {
            throttled.increment();
            return new Throttled();
        }
        AppUser user = QuarkusTransaction.requiringNew()
                .call(() -> users.findByUsername(username).filter(u -> u.enabled).orElse(null));
        if (!Passwords.matches(password, user == null ? null : user.passwordHash)) {
            LOG.infof("sign-in refused for a username from %s", address);
            refused.increment();
            return new Refused();
        }
        throttle.refund(reservation.get());
        return new SignedIn(sessions.replace(previousSessionId, user));
    }
}
