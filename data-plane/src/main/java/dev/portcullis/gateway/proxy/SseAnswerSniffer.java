package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * {@link AnswerSniffer} for a {@code text/event-stream} body. Follows the WHATWG line rules ({@code LF}, {@code CR}
 * or {@code CRLF}, chunks cut anywhere) without keeping lines: the value of each {@code data} line goes straight
 * to the event's {@link AnswerScanner} (lines of one event joined with {@code LF}), every other field and comment
 * is skipped, and a blank line ends the event. An event whose data is not the answer (a notification, a progress
 * event, not JSON, or more than {@value AnswerSniffer#MAX_BYTES} bytes) is dropped and the next one is read. The
 * answer is known as soon as its event's data says so, usually before the event ends; reading goes on (lines only)
 * to the blank line that ends the event, which {@link #answerEventEnd} reports.
 */
final class SseAnswerSniffer implements AnswerSniffer {

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] LINE_FEED = {'\n'};

    private enum State { FIELD, VALUE_START, DATA, SKIP }

    private final JsonNode requestId;
    private final Consumer<UpstreamAnswer> onAnswer;
    private State state = State.FIELD;
    private int fieldLength;
    private boolean fieldIsData = true;
    private boolean lastWasCarriageReturn;
    private AnswerScanner scanner;
    private boolean eventHasData;
    private boolean eventDropped;
    private int eventBytes;
    private UpstreamAnswer answer;
    private boolean answerEventEnded;
    private int answerEventEnd = -1;
    private boolean finished;

    SseAnswerSniffer(JsonNode requestId, Consumer<UpstreamAnswer> onAnswer) {
        this.requestId = requestId;
        this.onAnswer = onAnswer;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && !finished) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                if (!(b == '\n' && lastWasCarriageReturn)) {
                    endOfLine();
                }
                lastWasCarriageReturn = b == '\r';
                i++;
                if (answerEventEnded) {
                    i += b == '\r' && i < end && bytes[i] == '\n' ? 1 : 0;
                    answerEventEnd = i - offset;
                    finished = true;
                }
                continue;
            }
            lastWasCarriageReturn = false;
            switch (state) {
                case FIELD -> {
                    field(b);
                    i++;
                }
                case VALUE_START -> {
                    state = State.DATA;
                    i += b == ' ' ? 1 : 0;
                }
                case DATA -> {
                    int lineEnd = lineEnd(bytes, i, end);
                    data(bytes, i, lineEnd - i);
                    i = lineEnd;
                }
                case SKIP -> i = lineEnd(bytes, i, end);
            }
        }
    }

    private void field(byte b) {
        if (b == ':') {
            if (fieldLength == DATA.length && fieldIsData) {
                startDataLine();
                state = State.VALUE_START;
            } else {
                state = State.SKIP;
            }
            return;
        }
        fieldIsData &= fieldLength < DATA.length && b == DATA[fieldLength];
        fieldLength++;
    }

    private void endOfLine() {
        if (state == State.FIELD) {
            if (fieldLength == 0) {
                endOfEvent();
            } else if (fieldLength == DATA.length && fieldIsData) {
                startDataLine();
            }
        }
        state = State.FIELD;
        fieldLength = 0;
        fieldIsData = true;
    }

    private void startDataLine() {
        if (eventHasData) {
            data(LINE_FEED, 0, 1);
        }
        eventHasData = true;
    }

    private void data(byte[] bytes, int offset, int length) {
        if (eventDropped || length == 0) {
            return;
        }
        if (scanner == null) {
            scanner = new AnswerScanner(requestId);
        }
        int taken = Math.min(length, MAX_BYTES - eventBytes);
        eventBytes += taken;
        AnswerScanner.Verdict verdict = scanner.feed(bytes, offset, taken);
        if (verdict == AnswerScanner.Verdict.ANSWER) {
            answer = scanner.answer();
            eventDropped = true;
            onAnswer.accept(answer);
        } else if (verdict == AnswerScanner.Verdict.NOT_ANSWER || eventBytes == MAX_BYTES) {
            eventDropped = true;
            scanner.close();
        }
    }

    private void endOfEvent() {
        answerEventEnded = answer != null;
        if (scanner != null) {
            scanner.close();
            scanner = null;
        }
        eventHasData = false;
        eventDropped = false;
        eventBytes = 0;
    }

    private static int lineEnd(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end && bytes[i] != '\n' && bytes[i] != '\r') {
            i++;
        }
        return i;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public UpstreamAnswer answer() {
        return answer;
    }

    @Override
    public int answerEventEnd() {
        return answerEventEnd;
    }

    @Override
    public void close() {
        finished = true;
        if (scanner != null) {
            scanner.close();
        }
    }
}
