package dev.portcullis.model.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 169.254.0.0/16}, {@code fd00:ec2::254/128}); a bare
 * address is its own /32 or /128. Parses only literals, never resolves a name. Immutable.
 */
public record Cidr(byte[] network, int prefixLength) {

    public Cidr {
        network = network.clone();
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range");
        }
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** Parses {@code address[/bits]}; throws {@link IllegalArgumentException} with a short reason. */
    public static Cidr parse(String text) {
        String value = Objects.requireNonNull(text, "text").strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address range such as 10.0.0.0/8");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' has no valid prefix length");
            }
        }
        if (bits < 0 || bits > bytes.length * 8) {
            throw new IllegalArgumentException("'" + value + "' has a prefix length out of range");
        }
        return new Cidr(bytes, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /**
     * The bytes of an IP literal, or null when the text is not one. IPv6 may be bracketed; IPv4 is dotted
     * decimal ({@code 169.254.169.254}). Other IPv4 spellings are {@link UpstreamAddresses}' concern.
     */
    static byte[] literal(String text) {
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (value.isEmpty() || !(value.indexOf(':') >= 0 || value.matches("[0-9.]+"))
                || !value.matches("[0-9A-Fa-f:.%a-zA-Z]+")) {
            return null;
        }
        if (value.indexOf(':') < 0 && !value.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
            return null;
        }
        try {
            // A literal (digits, dots, colons, hex): InetAddress parses it without any lookup.
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefixLength == cidr.prefixLength
                && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
