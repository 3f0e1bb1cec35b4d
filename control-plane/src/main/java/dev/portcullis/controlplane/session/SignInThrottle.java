package dev.portcullis.controlplane.session;

import dev.portcullis.controlplane.secret.MasterKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Limits sign-in attempts: at most {@value #PER_USER_ADDRESS} failures for one username from one client address and
 * {@value #PER_ADDRESS} from one address within {@link #WINDOW}. Keying the username limit by address means guesses
 * from elsewhere never lock the real user out; unknown usernames count like known ones, so the limit reveals nothing.
 *
 * <p>Attempts are rows of {@code sign_in_attempt}, so the limit holds across every control-plane replica. An attempt is
 * reserved before the password is checked ({@link #reserve}) under a transaction-scoped advisory lock on the address,
 * so a parallel burst, on one replica or several, cannot slip past the limit; a successful sign-in refunds its
 * reservation and forgets that username's failures from that address. Usernames and addresses are stored only as
 * HMAC-SHA256 under a key derived from the master key ({@link MasterKey#keyedHash}), so a password typed into the
 * username field cannot be recovered from the table. {@link ExpiredSessionSweeper} deletes attempts that left the window. Blocking: call on a worker thread.
 */
@ApplicationScoped
public class SignInThrottle {

    static final int PER_USER_ADDRESS = 5;
    static final int PER_ADDRESS = 50;
    static final Duration WINDOW = Duration.ofMinutes(15);

    /** An attempt counted against both limits until it is refunded. */
    public record Reservation(String usernameHash, String addressHash, long addressRow) {
    }

    private final EntityManager em;
    private final MasterKey masterKey;

    SignInThrottle(EntityManager em, MasterKey masterKey) {
        this.em = em;
        this.masterKey = masterKey;
    }

    /** Counts an attempt now, or answers empty when either limit is reached (then nothing is counted). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Reservation> reserve(String username, String address, Instant now) {
        String usernameHash = usernameHash(username);
        String addressHash = masterKey.keyedHash("sign-in-address", address == null ? "" : address);
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1)) locked")
                .setParameter(1, lockId(addressHash)).getSingleResult();
        Instant since = now.minus(WINDOW);
        long byUser = ((Number) em.createNativeQuery("select count(*) from sign_in_attempt where address_hash = ?1"
                        + " and username_hash = ?2 and at > ?3")
                .setParameter(1, addressHash).setParameter(2, usernameHash).setParameter(3, since)
                .getSingleResult()).longValue();
        long byAddress = ((Number) em.createNativeQuery("select count(*) from sign_in_attempt where address_hash = ?1"
                        + " and username_hash is null and at > ?2")
                .setParameter(1, addressHash).setParameter(2, since).getSingleResult()).longValue();
        if (byUser >= PER_USER_ADDRESS || byAddress >= PER_ADDRESS) {
            return Optional.empty();
        }
        insert(usernameHash, addressHash, now);
        long addressRow = insert(null, addressHash, now);
        return Optional.of(new Reservation(usernameHash, addressHash, addressRow));
    }

    /** The attempt succeeded: it does not count, and the username's earlier failures from the address are forgotten. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refund(Reservation reservation) {
        em.createNativeQuery("delete from sign_in_attempt where (address_hash = ?1 and username_hash = ?2) or id = ?3")
                .setParameter(1, reservation.addressHash()).setParameter(2, reservation.usernameHash())
                .setParameter(3, reservation.addressRow()).executeUpdate();
    }

    /** Forgets a username's failures from every address (its password was reset). */
    @Transactional
    public void clearUser(String username) {
        em.createNativeQuery("delete from sign_in_attempt where username_hash = ?1")
                .setParameter(1, usernameHash(username)).executeUpdate();
    }

    /** Deletes attempts that left the window as of {@code now}; answers how many. */
    @Transactional
    public int deleteExpired(Instant now) {
        return em.createNativeQuery("delete from sign_in_attempt where at <= ?1")
                .setParameter(1, now.minus(WINDOW)).executeUpdate();
    }

    private long insert(String usernameHash, String addressHash, Instant now) {
        return ((Number) em.createNativeQuery("insert into sign_in_attempt (username_hash, address_hash, at)"
                        + " values (?1, ?2, ?3) returning id")
                .setParameter(1, usernameHash).setParameter(2, addressHash).setParameter(3, now)
                .getSingleResult()).longValue();
    }

    private String usernameHash(String username) {
        return masterKey.keyedHash("sign-in-username",
                username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
    }

    /** An advisory lock id per address, in a namespace of its own ("sign-in:"). */
    private static long lockId(String addressHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("sign-in:" + addressHash).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
