package dev.portcullis.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.gateway.support.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsFilesTest {

    @TempDir
    static Path dir;

    static TestCertificates.Issued server;
    static TestCertificates.Issued other;
    static Path garbage;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificates.issue(dir, "server");
        other = TestCertificates.issue(dir, "other");
        garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n");
    }

    static ListenerTls load(Path cert, Path key, String clientAuth, Path clientCa) {
        return TlsFiles.load(Optional.ofNullable(cert).map(Path::toString), Optional.ofNullable(key).map(Path::toString),
                clientAuth, Optional.ofNullable(clientCa).map(Path::toString));
    }

    @Test
    void staysPlainHttpWithoutACertificate() {
        assertThat(load(null, null, "none", null)).isSameAs(ListenerTls.PLAIN);
        assertThat(TlsFiles.load(Optional.of(" "), Optional.empty(), "NONE", Optional.empty()).enabled()).isFalse();
    }

    @Test
    void loadsACertificateKeyAndClientCas() {
        ListenerTls tls = load(server.certPem(), server.keyPem(), "Required", other.certPem());

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.scheme()).isEqualTo("https");
        assertThat(tls.clientAuth()).isEqualTo(ListenerTls.ClientCertificates.REQUIRED);
        assertThat(tls.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void refusesACertificateWithoutAKeyAndAKeyWithoutACertificate() {
        assertThatThrownBy(() -> load(server.certPem(), null, "none", null))
                .hasMessage("PORTCULLIS_GATEWAY_TLS_CERT and PORTCULLIS_GATEWAY_TLS_KEY must be set together: "
                        + "only PORTCULLIS_GATEWAY_TLS_CERT is set");
        assertThatThrownBy(() -> load(null, server.keyPem(), "none", null))
                .hasMessageEndingWith("only PORTCULLIS_GATEWAY_TLS_KEY is set");
    }

    @Test
    void namesTheSettingOfAnUnreadableOrMalformedFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> load(missing, server.keyPem(), "none", null))
                .hasMessage("PORTCULLIS_GATEWAY_TLS_CERT " + missing + " cannot be read: NoSuchFileException");
        assertThatThrownBy(() -> load(garbage, server.keyPem(), "none", null))
                .hasMessage("PORTCULLIS_GATEWAY_TLS_CERT " + garbage + " is not a PEM file of X.509 certificates");
        assertThatThrownBy(() -> load(server.certPem(), server.certPem(), "none", null))
                .hasMessageStartingWith("PORTCULLIS_GATEWAY_TLS_KEY " + server.certPem() + " is not a PEM private key");
        assertThatThrownBy(() -> load(server.certPem(), server.keyPem(), "request", garbage))
                .hasMessage("PORTCULLIS_GATEWAY_TLS_CLIENT_CA " + garbage + " is not a PEM file of X.509 certificates");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() {
        assertThatThrownBy(() -> load(server.certPem(), other.keyPem(), "none", null))
                .hasMessage("PORTCULLIS_GATEWAY_TLS_KEY " + other.keyPem()
                        + " is not the key of the certificate in PORTCULLIS_GATEWAY_TLS_CERT");
    }

    @Test
    void needsClientCasForClientCertificatesAndTlsForBoth() {
        assertThatThrownBy(() -> load(server.certPem(), server.keyPem(), "sometimes", null))
                .hasMessage("PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH must be 'none', 'request' or 'required'");
        assertThatThrownBy(() -> load(server.certPem(), server.keyPem(), "required", null))
                .hasMessageStartingWith("PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH=required needs PORTCULLIS_GATEWAY_TLS_CLIENT_CA");
        assertThatThrownBy(() -> load(server.certPem(), server.keyPem(), "none", other.certPem()))
                .hasMessageStartingWith("PORTCULLIS_GATEWAY_TLS_CLIENT_CA is set but PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH is none");
        assertThatThrownBy(() -> load(null, null, "request", other.certPem()))
                .hasMessageStartingWith("PORTCULLIS_GATEWAY_TLS_CLIENT_CA needs a TLS listener");
        assertThatThrownBy(() -> load(null, null, "request", null))
                .hasMessageStartingWith("PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH needs a TLS listener");
    }
}
