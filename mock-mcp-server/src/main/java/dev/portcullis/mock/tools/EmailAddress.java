package dev.portcullis.mock.tools;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A pragmatic email syntax check (local@domain.tld), compiled once. */
final class EmailAddress {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}");
    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private EmailAddress() {
    }

    static boolean isValid(String email) {
        return problem(email).isEmpty();
    }

    /** Why {@code email} is not valid, or empty when it is. */
    static Optional<String> problem(String email) {
        int at = email.lastIndexOf('@');
        if (at < 0) {
            return Optional.of("missing '@'");
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (local.isEmpty() || !LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            return Optional.of("invalid local part");
        }
        if (!DOMAIN.matcher(domain).matches()) {
            return Optional.of("invalid domain");
        }
        return Optional.empty();
    }

    static String normalize(String email) {
        int at = email.lastIndexOf('@');
        return email.substring(0, at) + "@" + email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
