package dev.portcullis.gateway;

import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.otlp.OtlpReceiver;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the OpenTelemetry ITs ({@link TracingIT}, {@link OtelMetricsIT}, both on the profile {@link TracingIT.TracingOn})
 * share: the OTLP/HTTP receiver the gateway exports to, started by the test class, and the gateway holding its
 * snapshot before each test.
 */
abstract class OtelReceiverTestBase {

    static OtlpReceiver receiver;

    @Inject
    GatewayLifecycle lifecycle;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = OtlpReceiver.start(Integer.parseInt(System.getProperty(TracingIT.OTLP_PORT)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void awaitTheSnapshot() {
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.gateway().runtime() != null);
    }

    AgentClient agent() {
        return new AgentClient("http://127.0.0.1:" + lifecycle.gateway().port());
    }
}
