package dev.portcullis.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BannerTest {

    @Test
    void theCurlExampleSpeaksTheProtocolVersionTheReadmeUses() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        new Banner("http://127.0.0.1:3000", "pca_x", "pw_z", "http://127.0.0.1:8080/mock-mcp/mcp", "pcs_y", Path.of("logs"),
                Path.of("credentials.properties"), true).print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("\"protocolVersion\":\"2025-11-25\"");
    }

    @Test
    void showsTheDashboardSignIn() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        new Banner("http://127.0.0.1:3000", "pca_x", "pw_z", "http://127.0.0.1:8080/mock-mcp/mcp", "pcs_y",
                Path.of("logs"), Path.of("credentials.properties"), true)
                .print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Dashboard       http://127.0.0.1:3000/ui/sign-in")
                .contains("Sign in as      admin / pw_z");
    }
}
