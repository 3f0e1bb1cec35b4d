package dev.portcullis.gateway.proxy;

import java.util.function.Consumer;

/** {@link AnswerSniffer} for a JSON body: the body is one JSON-RPC message, the answer whatever its id. */
final class JsonAnswerSniffer implements AnswerSniffer {

    private final AnswerScanner scanner;
    private final Consumer<UpstreamAnswer> onAnswer;
    private UpstreamAnswer answer;
    private int read;
    private boolean finished;

    JsonAnswerSniffer(Consumer<UpstreamAnswer> onAnswer) {
        this.scanner = new AnswerScanner(null);
        this.onAnswer = onAnswer;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        if (finished) {
            return;
        }
        int taken = Math.min(length, MAX_BYTES - read);
        read += taken;
        AnswerScanner.Verdict verdict = scanner.feed(bytes, offset, taken);
        if (verdict == AnswerScanner.Verdict.ANSWER) {
            finished = true;
            answer = scanner.answer();
            onAnswer.accept(answer);
        } else if (verdict == AnswerScanner.Verdict.NOT_ANSWER || read == MAX_BYTES) {
            finished = true;
            scanner.close();
        }
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
        return -1;
    }

    @Override
    public void close() {
        finished = true;
        scanner.close();
    }
}
