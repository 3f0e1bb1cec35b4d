package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.runtime.UpstreamTarget;
import dev.portcullis.model.proxy.UpstreamAddresses;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decides where an upstream request may connect: never to a link-local or cloud metadata address unless
 * {@code PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES} allows it ({@link UpstreamAddresses}). A literal address is
 * checked as it is; a host name is resolved here (Vert.x's resolver, cached by TTL, never blocking) and the request
 * is then sent to exactly the address that was checked, so a DNS answer that changes between check and connect
 * (rebinding) cannot slip through. The Host header and TLS server name stay the upstream's host name.
 */
public final class UpstreamAddressGuard {

    /** How many hosts {@link #kinds} remembers; hosts come from proxy definitions, so a gateway has few. */
    static final int MAX_REMEMBERED = 1_024;

    /** What a host of a target is, decided once per host instead of parsing it as an address per request. */
    private enum HostKind { ALLOWED_LITERAL, REFUSED_LITERAL, NAME }

    private final UpstreamAddresses addresses;
    private final Function<String, Future<InetAddress>> resolver;
    private final Map<String, HostKind> kinds = new ConcurrentHashMap<>();

    public UpstreamAddressGuard(UpstreamAddresses addresses, Function<String, Future<InetAddress>> resolver) {
        this.addresses = addresses;
        this.resolver = resolver;
    }

    /** A guard resolving names with the Vert.x instance's own resolver (the one its HTTP clients use). */
    public static UpstreamAddressGuard of(Vertx vertx, UpstreamAddresses addresses) {
        return new UpstreamAddressGuard(addresses, host -> {
            Promise<InetAddress> resolved = Promise.promise();
            ((VertxInternal) vertx).resolveAddress(host, resolved);
            return resolved.future();
        });
    }

    /** A refused upstream address; the agent gets the gateway's "upstream unreachable" answer. */
    public static final class Refused extends Exception {
        Refused(String host) {
            super("upstream host " + host + " is a link-local or metadata address; not connecting", null, false,
                    false);
        }
    }

    /**
     * Where to connect: null to let the client connect to a literal address itself, the resolved address for a
     * host name, or a failed future with {@link Refused} (or the resolver's error).
     */
    public Future<SocketAddress> admit(UpstreamTarget target) {
        String host = target.host();
        HostKind kind = kinds.get(host);
        if (kind == null) {
            kind = kindOf(host);
            if (kinds.size() < MAX_REMEMBERED) {
                kinds.put(host, kind);
            }
        }
        return switch (kind) {
            case ALLOWED_LITERAL -> Future.succeededFuture();
            case REFUSED_LITERAL -> Future.failedFuture(new Refused(host));
            case NAME -> resolver.apply(host).compose(address -> addresses.permits(address)
                    ? Future.succeededFuture(SocketAddress.inetSocketAddress(new InetSocketAddress(address,
                            target.port())))
                    : Future.failedFuture(new Refused(host)));
        };
    }

    /** A literal address's verdict (it never changes), or {@code NAME} for a host name (checked per resolution). */
    private HostKind kindOf(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(bare);
        if (literal == null) {
            return HostKind.NAME;
        }
        return permits(literal) ? HostKind.ALLOWED_LITERAL : HostKind.REFUSED_LITERAL;
    }

    private boolean permits(byte[] literal) {
        try {
            return addresses.permits(InetAddress.getByAddress(literal));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
