package dev.portcullis.gateway.support;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the formatted log lines of one logger category (and below) at INFO and above, as {@code LEVEL message}
 * where LEVEL is the JDK's {@code SEVERE}, {@code WARNING} or {@code INFO} (the JBoss log manager's own levels,
 * such as {@code WARN}, are mapped to those). The gateway logs through JBoss Logging, which ends in the JDK's log
 * manager.
 */
public final class LogLines extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();

    private LogLines(Logger logger) {
        this.logger = logger;
    }

    public static LogLines of(String category) {
        Logger logger = Logger.getLogger(category);
        LogLines handler = new LogLines(logger);
        handler.setLevel(Level.INFO);
        logger.addHandler(handler);
        return handler;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines of {@code level} containing {@code text}. */
    public long count(Level level, String text) {
        return lines.stream().filter(line -> line.startsWith(level.getName() + " ") && line.contains(text)).count();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() < Level.INFO.intValue()) {
            return;
        }
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message != null && parameters != null && parameters.length > 0) {
            try {
                message = String.format(message, parameters);
            } catch (RuntimeException e) {
                // keep the pattern
            }
        }
        int level = record.getLevel().intValue();
        Level standard = level >= Level.SEVERE.intValue() ? Level.SEVERE
                : level >= Level.WARNING.intValue() ? Level.WARNING : Level.INFO;
        lines.add(standard.getName() + " " + message);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
