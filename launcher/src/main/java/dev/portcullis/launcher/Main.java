package dev.portcullis.launcher;

import dev.portcullis.launcher.stack.Artifacts;
import dev.portcullis.launcher.up.UpCommand;
import dev.portcullis.launcher.up.UpFailure;
import dev.portcullis.launcher.up.UpSettings;
import java.io.PrintStream;
import java.util.Map;

/** Entry point of {@code launcher.jar}: {@code up} and {@code help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "up" -> {
                if (args.length > 1 && ("--help".equals(args[1]) || "-h".equals(args[1]))) {
                    usage(System.out);
                    return;
                }
                if (args.length > 1) {
                    System.err.println("portcullis up takes no arguments (got " + args[1] + "); settings are "
                            + "environment variables, see ./portcullis help");
                    System.exit(2);
                }
                System.exit(up());
            }
            case "help", "-h", "--help" -> usage(System.out);
            default -> {
                System.err.println("unknown command: " + command);
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static int up() {
        try {
            UpSettings settings = UpSettings.fromEnvironment(Artifacts.findRepositoryRoot(), Map.copyOf(System.getenv()));
            return new UpCommand(settings, System.out).run();
        } catch (UpFailure | IllegalStateException e) {
            System.err.println("portcullis up failed: " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                Usage: ./portcullis <command>

                Commands:
                  up     build if needed, then run PostgreSQL, Redis, the control plane, a gateway and the mock
                         MCP server on 127.0.0.1 until Ctrl-C. Data lives in .portcullis-data/.
                  help   this text
                  (the ./portcullis script also has test [--dry-run] [maven arguments]: installs what the tests
                  need, then ./mvnw -B verify; and needs-build: says whether up would rebuild, and why)

                Environment for up (all optional):
                  PORTCULLIS_CP_PORT                  control plane / Dashboard API port      (3000)
                  PORTCULLIS_GATEWAY_PORT             gateway agent port                      (8080)
                  PORTCULLIS_GATEWAY_MANAGEMENT_PORT  gateway health/metrics port             (8081)
                  MOCK_MCP_PORT                       mock MCP server port                    (7878)
                  PORTCULLIS_DB_URL, _USER, _PASSWORD use this PostgreSQL instead of the embedded one
                  PORTCULLIS_REDIS_URL                use this Redis instead of the embedded one
                  PORTCULLIS_UP_DATA_DIR              data folder                  (.portcullis-data)
                  PORTCULLIS_NO_BUILD=1               ./portcullis skips the build check

                A process that dies is started again (the line says where its log is); one that fails 3 times
                within a minute stops everything, and up exits with 1.
                Ctrl-C (SIGINT) or SIGTERM stops everything in order. A shell started in the background ignores
                SIGINT; use SIGTERM there.
                """);
    }
}
