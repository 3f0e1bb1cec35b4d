package dev.portcullis.gateway.filter.auth;

import dev.portcullis.model.key.CertificateFingerprints;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The SHA-256 fingerprint of the client certificate an agent presented in the TLS handshake, for keys bound to a
 * certificate. Computed on first need and kept on the TLS session, so a connection (and a resumed session, which
 * carries the same peer certificate) hashes its certificate once, however many requests it sends. Only the
 * leaf certificate counts: the chain was verified against the client CAs by the handshake itself.
 */
final class ClientCertificate {

    private static final String SESSION_VALUE = "portcullis.client-certificate-sha256";
    private static final String NONE = "";

    private ClientCertificate() {
    }

    /** The canonical fingerprint, or null on a plain connection or one without a client certificate. */
    static String fingerprint(HttpServerRequest request) {
        SSLSession session = request.isSSL() ? request.sslSession() : null;
        if (session == null) {
            return null;
        }
        Object cached = session.getValue(SESSION_VALUE);
        if (cached instanceof String known) {
            return known.isEmpty() ? null : known;
        }
        String computed = compute(session);
        session.putValue(SESSION_VALUE, computed == null ? NONE : computed);
        return computed;
    }

    private static String compute(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : CertificateFingerprints.of(chain[0].getEncoded());
        } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
            return null;
        }
    }
}
