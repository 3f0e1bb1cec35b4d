package dev.portcullis.gateway.config;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * TLS on the agent listener: the server's certificate chain and private key (PEM), and whether agents must show a
 * client certificate signed by one of {@code clientCa}. {@link #PLAIN} is plain HTTP. The PEM bytes are read and
 * checked once at start ({@link TlsFiles}); a server built from them cannot fail on a bad file later.
 *
 * @param certificateChain PEM certificates, the server's own first; null for {@link #PLAIN}
 * @param privateKey       PEM private key matching the first certificate; null for {@link #PLAIN}
 * @param clientCa         PEM certificates of the CAs that sign agent certificates; null when {@code clientAuth}
 *                         is {@link ClientCertificates#NONE}
 */
public record ListenerTls(Buffer certificateChain, Buffer privateKey, ClientCertificates clientAuth, Buffer clientCa) {

    public static final ListenerTls PLAIN = new ListenerTls(null, null, ClientCertificates.NONE, null);

    /** {@code PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH}. */
    public enum ClientCertificates {
        /** No client certificate is asked for. */
        NONE,
        /** Asked for; a connection without one is accepted (keys bound to a certificate then fail). */
        REQUEST,
        /** A handshake without a valid client certificate fails. */
        REQUIRED;

        /** {@code none}, {@code request} or {@code required}, case-insensitive. */
        public static ClientCertificates parse(String value) {
            return switch (value == null ? "none" : value.strip().toLowerCase(Locale.ROOT)) {
                case "", "none" -> NONE;
                case "request" -> REQUEST;
                case "required" -> REQUIRED;
                default -> throw new IllegalStateException(
                        "PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH must be 'none', 'request' or 'required'");
            };
        }
    }

    public ListenerTls {
        Objects.requireNonNull(clientAuth, "clientAuth");
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("a TLS listener needs both a certificate chain and a private key");
        }
        if (clientAuth != ClientCertificates.NONE && (certificateChain == null || clientCa == null)) {
            throw new IllegalArgumentException("client certificates need TLS and the CAs that sign them");
        }
    }

    /** True when the listener speaks TLS. */
    public boolean enabled() {
        return certificateChain != null;
    }

    /** The URL scheme agents dial. */
    public String scheme() {
        return enabled() ? "https" : "http";
    }

    /** Sets TLS, ALPN (HTTP/2 then HTTP/1.1) and client authentication on {@code options}; nothing for plain. */
    public HttpServerOptions applyTo(HttpServerOptions options) {
        if (!enabled()) {
            return options;
        }
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(certificateChain).setKeyValue(privateKey))
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setClientAuth(switch (clientAuth) {
                    case NONE -> ClientAuth.NONE;
                    case REQUEST -> ClientAuth.REQUEST;
                    case REQUIRED -> ClientAuth.REQUIRED;
                });
        if (clientCa != null) {
            options.setTrustOptions(new PemTrustOptions().addCertValue(clientCa));
        }
        return options;
    }

    /** Never the key. */
    @Override
    public String toString() {
        return enabled() ? "ListenerTls[tls, clientAuth=" + clientAuth + "]" : "ListenerTls[plain]";
    }
}
