package dev.portcullis.gateway.observe.accesslog;

/**
 * Run in a JVM of its own by {@code AccessLogWriterTest}: opens the access log as the gateway does for
 * {@code PORTCULLIS_ACCESS_LOG=stdout} and prints, on standard error, how many bytes one of its writes carries.
 */
public final class StdoutAccessLogProbe {

    private StdoutAccessLogProbe() {
    }

    public static void main(String[] args) throws Exception {
        AccessLogWriter writer = AccessLogDestination.parse("stdout").open();
        System.err.println("maxWriteBytes=" + writer.maxWriteBytes());
        writer.close();
    }
}
