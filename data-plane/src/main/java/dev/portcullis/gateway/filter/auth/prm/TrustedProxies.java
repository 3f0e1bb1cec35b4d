package dev.portcullis.gateway.filter.auth.prm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} are believed
 * ({@code PORTCULLIS_TRUSTED_PROXIES}: comma list of IP addresses and CIDR blocks, IPv4 or IPv6). Parsed once at
 * start; matching compares address bytes, no DNS and no regular expression.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Parses the setting; throws {@link IllegalArgumentException} naming the entry that is not an IP or CIDR. */
    public static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("PORTCULLIS_TRUSTED_PROXIES: '" + entry
                        + "' is not an IP address or CIDR block");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("PORTCULLIS_TRUSTED_PROXIES: '" + entry
                            + "' has an invalid prefix length");
                }
            }
            blocks.add(new Block(bytes, prefix));
        }
        return new TrustedProxies(blocks);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** True when {@code peerAddress} (a literal IP, as Vert.x reports it) is trusted. */
    public boolean trusts(String peerAddress) {
        if (blocks.isEmpty() || peerAddress == null) {
            return false;
        }
        byte[] address = literal(peerAddress);
        if (address == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IP literal, or null when {@code text} is not one (host names are never resolved). */
    private static byte[] literal(String text) {
        if (text.isEmpty() || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
                return null;
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return ipv4Mapped(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code ::ffff:a.b.c.d} compares as the IPv4 address it carries. */
    private static byte[] ipv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
}
