package dev.portcullis.gateway.proxy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a {@code text/event-stream} into raw event blocks, each with every byte up to and including the blank line
 * that ends it ({@code LF}, {@code CR} or {@code CRLF} line ends, chunks cut anywhere), so a block that is not
 * rewritten is relayed byte for byte, comments and all. {@link #parse} reads one block's fields. A block larger
 * than {@code maxBlockBytes} is never buffered: {@code onOverflow} runs once and the rest is ignored. Not
 * thread-safe: one per stream.
 */
public final class SseBlockSplitter {

    /** The fields of one block: {@code event} and {@code id} null when absent, {@code data} null without data. */
    public record Fields(String event, String id, String data) {
    }

    private final int maxBlockBytes;
    private final Consumer<Buffer> onBlock;
    private final Runnable onOverflow;
    private Buffer block = Buffer.buffer(256);
    private boolean atLineStart = true;
    private boolean lastWasCarriageReturn;
    private boolean overflowed;

    public SseBlockSplitter(int maxBlockBytes, Consumer<Buffer> onBlock, Runnable onOverflow) {
        this.maxBlockBytes = maxBlockBytes;
        this.onBlock = onBlock;
        this.onOverflow = onOverflow;
    }

    public void feed(Buffer chunk) {
        int from = 0;
        for (int i = 0; i < chunk.length() && !overflowed; i++) {
            byte b = chunk.getByte(i);
            if (b == '\n' && lastWasCarriageReturn) {
                lastWasCarriageReturn = false;
                continue;
            }
            lastWasCarriageReturn = b == '\r';
            if (b != '\n' && b != '\r') {
                atLineStart = false;
                continue;
            }
            if (!atLineStart) {
                atLineStart = true;
                continue;
            }
            int end = i + 1;
            if (b == '\r' && end < chunk.length() && chunk.getByte(end) == '\n') {
                end++;
                i++;
                lastWasCarriageReturn = false;
            }
            if (!append(chunk, from, end)) {
                return;
            }
            from = end;
            Buffer complete = block;
            block = Buffer.buffer(256);
            onBlock.accept(complete);
        }
        if (!overflowed) {
            append(chunk, from, chunk.length());
        }
    }

    /** Hands over a last block the stream ended without its blank line, if any. */
    public void finish() {
        if (!overflowed && block.length() > 0) {
            Buffer rest = block;
            block = Buffer.buffer();
            onBlock.accept(rest);
        }
    }

    private boolean append(Buffer chunk, int from, int to) {
        if (block.length() + (to - from) > maxBlockBytes) {
            overflowed = true;
            block = Buffer.buffer();
            onOverflow.run();
            return false;
        }
        block.appendBuffer(chunk, from, to - from);
        return true;
    }

    /** The WHATWG field rules: {@code data} lines joined with LF, comments and unknown fields ignored. */
    public static Fields parse(Buffer rawBlock) {
        String text = rawBlock.toString(StandardCharsets.UTF_8);
        String event = null;
        String id = null;
        StringBuilder data = null;
        int start = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String line = text.substring(start, end);
            start = end + (end + 1 < text.length() && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n' ? 2 : 1);
            if (line.isEmpty() || line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> event = value;
                case "id" -> id = value;
                default -> {
                }
            }
        }
        return new Fields(event, id, data == null ? null : data.toString());
    }
}
