package dev.portcullis.controlplane.support;

import org.eclipse.microprofile.config.ConfigProvider;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;

/**
 * The control plane's management interface under test: {@code /q/metrics}. Its port is the free port the test
 * resource chose ({@code quarkus.management.test-port}), so the tests know it before the application starts.
 */
public final class ManagementInterface {

    public static final String TEST_PORT = "quarkus.management.test-port";

    private ManagementInterface() {
    }

    public static URL metrics() {
        try {
            return URI.create("http://127.0.0.1:" + ConfigProvider.getConfig().getValue(TEST_PORT, Integer.class)
                    + "/q/metrics").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
