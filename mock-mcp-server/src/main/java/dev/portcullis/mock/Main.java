package dev.portcullis.mock;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** {@code java -jar mock-mcp-server.jar [--port N]}: runs the mock until the process is stopped. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        MockMcpOptions options;
        try {
            options = withArguments(MockMcpOptions.fromEnvironment(System.getenv()), args);
        } catch (IllegalArgumentException e) {
            System.err.println("mock-mcp-server: " + e.getMessage());
            System.err.println("usage: java -jar mock-mcp-server.jar [--port N]");
            System.exit(2);
            return;
        }
        MockMcpServer server = MockMcpServer.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mock-mcp-shutdown"));
        LOG.info(() -> "mock MCP server listening on " + options.host() + ":" + server.port() + " (endpoint /mcp)");
        stopped.await();
    }

    static MockMcpOptions withArguments(MockMcpOptions options, String[] args) {
        MockMcpOptions result = options;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--port") && i + 1 < args.length) {
                result = result.withPort(parsePort(args[++i]));
            } else if (arg.startsWith("--port=")) {
                result = result.withPort(parsePort(arg.substring("--port=".length())));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return result;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be an integer, got '" + value + "'", e);
        }
    }
}
