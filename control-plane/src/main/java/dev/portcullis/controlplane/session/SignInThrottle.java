package dev.portcullis.controlplane.session;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Limits sign-in attempts: at most {@value #PER_USER_ADDRESS} failures for one username from one client address and
 * {@value #PER_ADDRESS} from one address within {@link #WINDOW}. Keying the username limit by address means guesses
 * from elsewhere never lock the real user out; unknown usernames count like known ones, so the limit reveals nothing.
 *
 * <p>An attempt is reserved before the password is checked ({@link #reserve}), in one atomic step, so a parallel
 * burst cannot slip past the limit; a successful sign-in refunds its reservation and forgets that username's failures
 * from that address. At most {@value #MAX_TRACKED} counters are held: counters whose attempts all left the window go
 * first, then the least recently used. Held in memory per control-plane instance. Thread-safe (one lock; the work
 * under it is tiny next to the bcrypt check it guards).
 */
@ApplicationScoped
public class SignInThrottle {

    static final int PER_USER_ADDRESS = 5;
    static final int PER_ADDRESS = 50;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_TRACKED = 10_000;

    /** An attempt counted against both limits until it is refunded. */
    public record Reservation(String userKey, String addressKey, Instant at) {
    }

    private final Map<String, Deque<Instant>> attempts = new LinkedHashMap<>(256, 0.75f, true);

    /** Counts an attempt now, or answers empty when either limit is reached (then nothing is counted). */
    public synchronized Optional<Reservation> reserve(String username, String address, Instant now) {
        String userKey = userKey(username, address);
        String addressKey = addressKey(address);
        if (count(userKey, now) >= PER_USER_ADDRESS || count(addressKey, now) >= PER_ADDRESS) {
            return Optional.empty();
        }
        makeRoom(now);
        attempts.computeIfAbsent(userKey, k -> new ArrayDeque<>()).addLast(now);
        attempts.computeIfAbsent(addressKey, k -> new ArrayDeque<>()).addLast(now);
        return Optional.of(new Reservation(userKey, addressKey, now));
    }

    /** The attempt succeeded: it does not count, and the username's earlier failures from the address are forgotten. */
    public synchronized void refund(Reservation reservation) {
        attempts.remove(reservation.userKey());
        Deque<Instant> byAddress = attempts.get(reservation.addressKey());
        if (byAddress != null) {
            byAddress.removeLastOccurrence(reservation.at());
        }
    }

    /** Forgets a username's failures from every address (its password was reset). */
    public synchronized void clearUser(String username) {
        String prefix = userKey(username, "");
        attempts.keySet().removeIf(key -> key.startsWith(prefix));
    }

    synchronized int tracked() {
        return attempts.size();
    }

    private int count(String key, Instant now) {
        Deque<Instant> times = attempts.get(key);
        if (times == null) {
            return 0;
        }
        prune(times, now);
        return times.size();
    }

    private void makeRoom(Instant now) {
        if (attempts.size() + 2 <= MAX_TRACKED) {
            return;
        }
        attempts.values().removeIf(times -> {
            prune(times, now);
            return times.isEmpty();
        });
        var eldest = attempts.keySet().iterator();
        while (attempts.size() + 2 > MAX_TRACKED && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.pollFirst();
        }
    }

    private static String userKey(String username, String address) {
        return "u:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT)) + "\n" + address;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
