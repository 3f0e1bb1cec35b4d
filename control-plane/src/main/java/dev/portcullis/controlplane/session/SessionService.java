package dev.portcullis.controlplane.session;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.user.AppUser;
import dev.portcullis.controlplane.user.UserRepository;
import dev.portcullis.model.key.KeyTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Server-side dashboard sessions in PostgreSQL, so every control-plane instance sees them and sign-out ends them
 * at once. A session ends after {@code portcullis.session.idle-timeout} without a request, at
 * {@code max-age} after sign-in, when its user is disabled or deleted, and on sign-out. Blocking: worker threads.
 *
 * <p>The CSRF token is derived from the session id (SHA-256 of a domain-separated string), so it needs no storage,
 * is stable for the session, and cannot be computed without the HttpOnly cookie.
 */
@ApplicationScoped
public class SessionService {

    /** An active session's user and CSRF token. */
    public record Active(AppUser user, String csrfToken) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** last_seen_at is written at most this often, so a page with many requests costs one write. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final UserRepository users;
    private final PortcullisConfig config;

    SessionService(UserRepository users, PortcullisConfig config) {
        this.users = users;
        this.config = config;
    }

    /**
     * Ends the session the browser signed in with (when there is one, whoever it belonged to) and starts a new one for
     * the user, in one transaction; returns the new id (for the cookie).
     */
    @Transactional
    public String replace(String previousSessionId, AppUser user) {
        if (previousSessionId != null && !previousSessionId.isEmpty()) {
            end(previousSessionId);
        }
        return start(user);
    }

    /** Starts a session for the user and returns its id (for the cookie). */
    @Transactional
    public String start(AppUser user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now();
        UiSession session = new UiSession();
        session.idHash = KeyTokens.hash(id);
        session.userId = user.id;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(config.session().maxAge());
        session.persist();
        return id;
    }

    /** Deletes every session past its maximum age or idle timeout as of {@code now}; answers how many. */
    @Transactional
    public long deleteExpired(Instant now) {
        return UiSession.delete("expiresAt < ?1 or lastSeenAt < ?2", now, now.minus(config.session().idleTimeout()));
    }

    /** The session's user when the session is active (and marks it used); empty otherwise. */
    @Transactional
    public Optional<Active> resolve(String sessionId) {
        UiSession session = UiSession.findById(KeyTokens.hash(sessionId));
        Instant now = Instant.now();
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expiresAt.isAfter(now) || session.lastSeenAt.plus(config.session().idleTimeout()).isBefore(now)) {
            session.delete();
            return Optional.empty();
        }
        AppUser user = users.findById(session.userId);
        if (user == null || !user.enabled) {
            return Optional.empty();
        }
        if (session.lastSeenAt.plus(TOUCH_INTERVAL).isBefore(now)) {
            session.lastSeenAt = now;
        }
        return Optional.of(new Active(user, csrfToken(sessionId)));
    }

    @Transactional
    public void end(String sessionId) {
        UiSession.deleteById(KeyTokens.hash(sessionId));
    }

    /** Ends every session of a user (disabled, deleted, password reset). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endAll(long userId) {
        UiSession.delete("userId", userId);
    }

    static String csrfToken(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("portcullis-csrf:" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
