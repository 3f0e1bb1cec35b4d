package dev.portcullis.gateway.support.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects, from the root logger, every ERROR record and every record carrying an exception that is not I/O
 * (a bug surfacing as a log line). The gateway logs through JBoss Logging, which ends in the same log manager.
 */
public final class LogWatch extends Handler implements AutoCloseable {

    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    public static LogWatch install() {
        LogWatch watch = new LogWatch();
        watch.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(watch);
        return watch;
    }

    /** Records an exception the test saw by other means (Vert.x's unhandled-exception handler). */
    public void unhandled(Throwable failure) {
        problems.add("unhandled " + failure);
    }

    public List<String> problems() {
        return new ArrayList<>(problems);
    }

    @Override
    public void publish(LogRecord record) {
        Throwable thrown = record.getThrown();
        boolean bug = thrown != null && !(thrown instanceof java.io.IOException);
        if (record.getLevel().intValue() >= Level.SEVERE.intValue() || bug) {
            problems.add(record.getLevel() + " " + record.getLoggerName() + ": " + message(record)
                    + (thrown == null ? "" : " " + thrown));
        }
    }

    private static String message(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message == null || parameters == null || parameters.length == 0) {
            return message;
        }
        try {
            return String.format(message, parameters);
        } catch (RuntimeException e) {
            return message;
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
