package dev.portcullis.model.key;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Client certificate fingerprints as keys are bound to them: the SHA-256 of the certificate's DER encoding, written
 * as 64 lowercase hex digits without separators. Operators paste them in many spellings ({@code openssl x509
 * -fingerprint -sha256} prints uppercase pairs joined by colons, {@code sha256sum} lowercase digits): all are
 * accepted by {@link #normalise} and stored in the one canonical form, so the gateway compares plain strings.
 */
public final class CertificateFingerprints {

    private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern WITH_COLONS = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){31}");

    private CertificateFingerprints() {
    }

    /**
     * The canonical form of {@code value}: 64 hex digits, or 32 colon-separated pairs, in any case, surrounding
     * blanks ignored; null when {@code value} is neither.
     */
    public static String normalise(String value) {
        if (value == null) {
            return null;
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        if (CANONICAL.matcher(lower).matches()) {
            return lower;
        }
        if (WITH_COLONS.matcher(lower).matches()) {
            return lower.replace(":", "");
        }
        return null;
    }

    /** True when {@code value} is already in the canonical form. */
    public static boolean isCanonical(String value) {
        return value != null && CANONICAL.matcher(value).matches();
    }

    /** The canonical fingerprint of a certificate given as DER bytes. */
    public static String of(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
