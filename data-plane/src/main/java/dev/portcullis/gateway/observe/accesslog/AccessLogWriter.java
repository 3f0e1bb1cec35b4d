package dev.portcullis.gateway.observe.accesslog;

import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.json.JsonBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Writes access-log lines off the event loop: {@link #offer} puts a record on a bounded queue without blocking
 * (dropping and counting it when the queue is full), and one daemon thread turns records into lines and writes
 * them. {@link #close} writes what is queued and stops the thread. A write failure is logged once and the lines it
 * concerned are counted as dropped.
 *
 * <p>Lines are written whole: the lines of a batch are encoded into one byte array and handed to {@code out} in one
 * {@code write} call per at most {@code maxWriteBytes} bytes, cut only after a {@code '\n'} (a longer line is one write
 * of its own). There is no buffer of our own that could flush half a line, so the standard output, which the
 * logging framework writes to as well, never gets a log line inside a JSON line; a write of at most
 * {@code PIPE_BUF} (4,096 bytes on Linux) to a pipe is not even interleaved with another process's writes, nor on
 * Linux's local filesystems is any write to a regular file ({@link AccessLogDestination#FILE_MAX_WRITE}).
 *
 * <p>After a batch that emptied the queue the thread pauses {@value #GATHER_MILLIS} ms before it looks again, so the
 * lines of that time go out in one batch: while it pauses, an {@link #offer} does not wake it (waking a thread and
 * writing once per request cost more CPU than writing the line). The first line after a quiet spell is written at
 * once; under load a line waits at most that long.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AccessLogWriter.class);
    private static final int BATCH = 256;
    /** How long the thread gathers lines after a batch that emptied the queue. */
    static final long GATHER_MILLIS = 10;

    private final BlockingQueue<Entry> queue;
    private final OutputStream out;
    private final boolean closeOut;
    private final int maxWriteBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8_192);
    private final JsonBytes line = new JsonBytes(1_024);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failed;

    /**
     * @param out           where lines go, unbuffered (each {@code write} call should reach the file descriptor),
     *                      written only by the writer thread
     * @param closeOut      whether {@link #close} closes {@code out} (a file) or only flushes it (stdout)
     * @param maxWriteBytes the most bytes one {@code write} call carries, unless one line alone is longer
     */
    public AccessLogWriter(OutputStream out, boolean closeOut, int capacity, int maxWriteBytes) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = out;
        this.closeOut = closeOut;
        this.maxWriteBytes = maxWriteBytes;
        this.thread = new Thread(this::drain, "portcullis-access-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** One queued line: the record and the upstream target it went to (null when none). */
    private record Entry(AnalyticsRecord record, String target, String legOf) {
    }

    /** Queues a record; never blocks. False (and counted) when the queue is full or the writer is closed. */
    public boolean offer(AnalyticsRecord record) {
        return offer(record, null);
    }

    /** {@link #offer(AnalyticsRecord)} naming the upstream target the request went to (null when none). */
    public boolean offer(AnalyticsRecord record, String target) {
        return offer(record, target, null);
    }

    /** Same, for a member leg of virtual server {@code legOf} (null for an agent's own request). */
    public boolean offer(AnalyticsRecord record, String target, String legOf) {
        if (!running || !queue.offer(new Entry(record, target, legOf))) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** The most bytes one {@code write} call carries (unless one line alone is longer). */
    int maxWriteBytes() {
        return maxWriteBytes;
    }

    /** Lines dropped since start (queue full, writer closed, or a failed write). */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                boolean drained = batch.size() < BATCH;
                batch.clear();
                if (drained && running) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Entry> batch) {
        int lines = 0;
        int sent = 0;
        try {
            for (Entry entry : batch) {
                line.reset();
                AccessLogLine.appendTo(line, entry.record(), entry.target(), entry.legOf());
                if (pending.size() > 0 && pending.size() + line.size() > maxWriteBytes) {
                    pending.writeTo(out);
                    pending.reset();
                    sent = lines;
                }
                line.writeTo(pending);
                lines++;
            }
            pending.writeTo(out);
            sent = lines;
            if (queue.isEmpty()) {
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            dropped.addAndGet(batch.size() - sent);
            if (!failed) {
                failed = true;
                LOG.errorf("access log write failed (%s); lines are counted as dropped", e.getClass().getSimpleName());
            }
        } finally {
            pending.reset();
        }
    }

    /** Writes what is queued, flushes and stops; waits at most {@code timeoutMillis} for the writer thread. */
    public void close(long timeoutMillis) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (closeOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            LOG.warnf("access log flush failed on shutdown: %s", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        close(5_000);
    }
}
