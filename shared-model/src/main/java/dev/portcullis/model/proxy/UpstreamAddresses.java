package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.Violations;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which addresses an upstream may have. Link-local addresses ({@code 169.254.0.0/16}, {@code fe80::/10}) and the
 * cloud metadata service ({@code 169.254.169.254}, {@code fd00:ec2::254}) are refused unless a range of
 * {@link #allowed()} contains them: a definition pointing there would let an editor read instance credentials
 * through the gateway, or probe them through the control plane's primitives listing. Loopback and other private
 * ranges stay allowed (the bundled demo's upstream is {@code 127.0.0.1}).
 *
 * <p>The control plane checks literal addresses in {@code upstream.url} and {@code upstream.targets} when a
 * definition is saved ({@link #validate}); host names are checked where they are resolved, by whoever connects
 * ({@link #permits}). Immutable and thread-safe.
 *
 * @param allowed ranges let through although refused by default (the setting
 *                {@code PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES})
 */
public record UpstreamAddresses(List<Cidr> allowed) {

    /** Refused unless allowed. */
    public static final List<Cidr> REFUSED = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"),
            Cidr.parse("fd00:ec2::254/128"));
    public static final UpstreamAddresses DEFAULT = new UpstreamAddresses(List.of());
    static final String RULE = "must not be a link-local or cloud metadata address (169.254.0.0/16, fe80::/10, "
            + "fd00:ec2::254) unless the operator allows its range (PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES)";

    public UpstreamAddresses {
        allowed = List.copyOf(allowed);
    }

    /**
     * The setting's value: CIDR ranges separated by commas or spaces; blank = none. Throws
     * {@link IllegalArgumentException} naming a range that does not parse.
     */
    public static UpstreamAddresses allowing(String ranges) {
        List<Cidr> parsed = new ArrayList<>();
        if (ranges != null) {
            for (String range : ranges.split("[,\\s]+")) {
                if (!range.isBlank()) {
                    parsed.add(Cidr.parse(range));
                }
            }
        }
        return new UpstreamAddresses(parsed);
    }

    /** True when an upstream may be reached at this (resolved) address. */
    public boolean permits(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (REFUSED.stream().noneMatch(range -> range.contains(address))) {
            return true;
        }
        return allowed.stream().anyMatch(range -> range.contains(address));
    }

    /** Checks the literal addresses of the upstream's URL and targets; host names pass (checked when resolved). */
    public void validate(Violations at, Upstream upstream) {
        check(at.at("url"), upstream.url());
        Violations targets = at.at("targets");
        for (int i = 0; i < upstream.targets().size(); i++) {
            Upstream.Target target = upstream.targets().get(i);
            if (target != null) {
                check(targets.index(i).at("url"), target.url());
            }
        }
    }

    private void check(Violations at, String url) {
        InetAddress literal = literalHost(url);
        if (literal != null && !permits(literal)) {
            at.add(RULE);
        }
    }

    /** The URL's host as an address when it is an IP literal in any spelling a resolver accepts; else null. */
    static InetAddress literalHost(String url) {
        String host;
        try {
            host = url == null ? null : new URI(url).getHost();
        } catch (Exception e) {
            return null;
        }
        if (host == null || host.isEmpty()) {
            return null;
        }
        byte[] bytes = Cidr.literal(host);
        if (bytes == null) {
            bytes = looseIpv4(host);
        }
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The IPv4 spellings C resolvers take besides dotted decimal ({@code inet_aton}): one to four parts, each
     * decimal, octal ({@code 0251}) or hex ({@code 0xa9}), the last filling the remaining bytes
     * ({@code 2852039166}, {@code 169.254.43518}). Null when the host is not such a number.
     */
    static byte[] looseIpv4(String host) {
        String[] parts = host.endsWith(".") ? null : host.split("\\.", -1);
        if (parts == null || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].toLowerCase(java.util.Locale.ROOT);
            try {
                if (part.matches("0x[0-9a-f]{1,8}")) {
                    values[i] = Long.parseLong(part.substring(2), 16);
                } else if (part.matches("0[0-7]{0,11}")) {
                    values[i] = part.length() == 1 ? 0 : Long.parseLong(part.substring(1), 8);
                } else if (part.matches("[1-9][0-9]{0,9}")) {
                    values[i] = Long.parseLong(part);
                } else {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xff) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        if (last >= (1L << (8 * (5 - parts.length)))) {
            return null;
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }
}
