package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.model.snapshot.SessionKeys;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals MCP session ids to the consumer and proxy that opened them, and opens them again. A sealed id is
 * {@code ps1.<key id>.<base64url(nonce | AES-256-GCM(proxy, consumer, upstream id[, target]))>}: a random 96-bit nonce per
 * id, the {@code ps1.<key id>} prefix as additional data. Any gateway holding the snapshot's keys opens it; nothing
 * is stored. Keys are decoded once, when the snapshot is applied; each use takes its own {@link Cipher}. Ids that
 * opened are remembered (at most {@value #OPENED_CAPACITY}, forgotten all at once when full) so the later requests of
 * a session skip the AES-GCM work (docs/performance.md); only an id sealed with one of the ring's keys ever opens, so
 * agents cannot fill that memory with ids of their own. The key's {@code openUntil} is checked on every call. The
 * ring is thread-safe.
 *
 * <p>{@link #open} answers null for anything it cannot vouch for (unknown or expired key, altered or foreign
 * bytes, too long, wrong shape), so callers cannot tell those cases apart and neither can an agent.
 */
public final class SessionKeyRing {

    /** Longest sealed id accepted, checked before any decoding. */
    public static final int MAX_SEALED_LENGTH = 4096;
    /** No session keys in the snapshot: sessions pass through unbound. */
    public static final SessionKeyRing NONE = new SessionKeyRing(null, Map.of());

    private static final String VERSION = "ps1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    private static final int OPENED_CAPACITY = 10_000;
    private static final int OPENED_MAX_LENGTH = 512;

    /** One decoded key; {@code openUntil} null for no limit. */
    public record Key(String id, SecretKey secret, Instant openUntil) {
        @Override
        public String toString() {
            return "SessionKeyRing.Key[" + id + "]";
        }
    }

    private final Key current;
    private final Map<String, Key> byId;
    private final Map<String, SessionBinding> opened = new ConcurrentHashMap<>();

    private SessionKeyRing(Key current, Map<String, Key> byId) {
        this.current = current;
        this.byId = Map.copyOf(byId);
    }

    /**
     * The ring of a snapshot's session keys.
     *
     * @param opener opens one sealed key (name, sealed) to its base64url text
     * @throws IllegalArgumentException when a key cannot be opened or is not 32 bytes (the snapshot is refused)
     */
    public static SessionKeyRing of(SessionKeys keys, SecretResolver opener) {
        if (keys == null) {
            return NONE;
        }
        Map<String, Key> byId = new HashMap<>();
        for (SessionKeys.SessionKey key : keys.keys()) {
            byte[] raw;
            try {
                raw = B64_DECODER.decode(opener.openSealed(SessionKeys.sealedName(key.id()), key.key()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("session key " + key.id() + " cannot be opened: " + e.getMessage(),
                        e);
            }
            byId.put(key.id(), key(key.id(), raw, key.openUntil()));
        }
        return new SessionKeyRing(byId.get(keys.current()), byId);
    }

    /** A ring of raw keys, the first one current; for tests and tools. */
    public static SessionKeyRing of(Key current, Key... previous) {
        Map<String, Key> byId = new HashMap<>();
        byId.put(current.id(), current);
        for (Key key : previous) {
            byId.put(key.id(), key);
        }
        return new SessionKeyRing(current, byId);
    }

    /** One key from its 32 raw bytes; {@code openUntil} null for no limit. */
    public static Key key(String id, byte[] raw, Instant openUntil) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("session key " + id + " must be 32 bytes");
        }
        return new Key(id, new SecretKeySpec(raw, "AES"), openUntil);
    }

    /** False when the snapshot carries no session keys: sessions cannot be bound. */
    public boolean canSeal() {
        return current != null;
    }

    /** The sealed id for {@code binding}; throws {@link IllegalStateException} without a current key. */
    public String seal(SessionBinding binding) {
        String sealed = seal(VERSION, encode(binding));
        if (sealed.length() > MAX_SEALED_LENGTH) {
            throw new IllegalArgumentException("the upstream's session id is too long to seal");
        }
        return sealed;
    }

    /** The binding sealed in {@code sealed}, or null when it is not a session id this ring can vouch for. */
    public SessionBinding open(String sealed, Instant now) {
        if (usableKey(VERSION, sealed, now, MAX_SEALED_LENGTH) == null) {
            return null; // checked on every request: an expired key closes its sessions at once
        }
        SessionBinding known = opened.get(sealed);
        if (known != null) {
            return known;
        }
        byte[] plain = open(VERSION, sealed, now, MAX_SEALED_LENGTH);
        SessionBinding binding;
        try {
            binding = plain == null ? null : decode(plain);
        } catch (BufferUnderflowException e) {
            return null;
        }
        if (binding != null && sealed.length() <= OPENED_MAX_LENGTH) {
            if (opened.size() >= OPENED_CAPACITY) {
                opened.clear();
            }
            opened.put(sealed, binding);
        }
        return binding;
    }

    /**
     * Seals {@code plain} as {@code <version><key id>.<base64url(nonce | AES-256-GCM(plain))>}, {@code version}
     * (such as {@code "ps1."}) being part of the authenticated data, so a token sealed for one purpose never opens
     * as another's. Throws {@link IllegalStateException} without a current key.
     */
    public String seal(String version, byte[] plain) {
        if (current == null) {
            throw new IllegalStateException("no session key");
        }
        String prefix = version + current.id() + ".";
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, current.secret(), nonce, prefix);
            byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            cipher.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
            return prefix + B64.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The bytes {@link #seal(String, byte[])} sealed in {@code sealed} under {@code version}, or null for anything
     * this ring cannot vouch for (longer than {@code maxLength}, another version, unknown or expired key, altered or
     * foreign bytes, a non-canonical spelling).
     */
    public byte[] open(String version, String sealed, Instant now, int maxLength) {
        Key key = usableKey(version, sealed, now, maxLength);
        return key == null ? null : decrypt(sealed, sealed.indexOf('.', version.length()), key);
    }

    /** The key {@code sealed} names, when it is of {@code version}, not too long, and the key is known and open. */
    private Key usableKey(String version, String sealed, Instant now, int maxLength) {
        if (sealed == null || sealed.length() > maxLength || !sealed.startsWith(version)) {
            return null;
        }
        int dot = sealed.indexOf('.', version.length());
        if (dot < 0) {
            return null;
        }
        Key key = byId.get(sealed.substring(version.length(), dot));
        return key == null || (key.openUntil() != null && now.isAfter(key.openUntil())) ? null : key;
    }

    private static byte[] decrypt(String sealed, int dot, Key key) {
        try {
            String payload = sealed.substring(dot + 1);
            byte[] in = B64_DECODER.decode(payload);
            if (in.length < NONCE_BYTES + TAG_BITS / 8 || !B64.encodeToString(in).equals(payload)) {
                // too short, or a non-canonical spelling of the same bytes: one token has one spelling
                return null;
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key.secret(),
                    Arrays.copyOf(in, NONCE_BYTES), sealed.substring(0, dot + 1));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String prefix)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(prefix.getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private static byte[] encode(SessionBinding binding) {
        byte[] proxy = binding.proxyId().getBytes(StandardCharsets.UTF_8);
        byte[] consumer = binding.consumer().getBytes(StandardCharsets.UTF_8);
        byte[] upstream = binding.upstreamId().getBytes(StandardCharsets.UTF_8);
        byte[] target = binding.target().getBytes(StandardCharsets.UTF_8);
        if (proxy.length > 0xFFFF || consumer.length > 0xFFFF || upstream.length > MAX_SEALED_LENGTH
                || target.length > 0xFF) {
            throw new IllegalArgumentException("the upstream's session id is too long to seal");
        }
        ByteBuffer buffer = ByteBuffer.allocate(6 + proxy.length + consumer.length + upstream.length
                        + (target.length == 0 ? 0 : 2 + target.length))
                .putShort((short) proxy.length).put(proxy)
                .putShort((short) consumer.length).put(consumer)
                .putShort((short) upstream.length).put(upstream);
        if (target.length > 0) {
            // Only balanced sessions carry a target: an unbalanced id keeps the three-field layout it always had.
            buffer.putShort((short) target.length).put(target);
        }
        return buffer.array();
    }

    private static SessionBinding decode(byte[] plain) {
        ByteBuffer buffer = ByteBuffer.wrap(plain);
        String proxy = field(buffer);
        String consumer = field(buffer);
        String upstream = field(buffer);
        String target = buffer.hasRemaining() ? field(buffer) : "";
        return buffer.hasRemaining() ? null : new SessionBinding(proxy, consumer, upstream, target);
    }

    private static String field(ByteBuffer buffer) {
        byte[] bytes = new byte[Short.toUnsignedInt(buffer.getShort())];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SessionKeyRing" + byId.keySet();
    }
}
