package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads one JSON text as it arrives, with Jackson's non-blocking parser, to learn whether it is the JSON-RPC answer
 * to a request and what it says. Only three top-level members matter: {@code id}, {@code error.code} and
 * {@code result.isError}; everything else is skipped token by token (a string is held only while it is read), and
 * reading stops as soon as the verdict is known. A text with a top-level {@code method} (a request or notification),
 * another id, or that is not a JSON object is not the answer; neither is a text that is not JSON at all.
 *
 * <p>Not thread-safe: one per JSON text. Bounding how much is fed is the caller's job. {@link #close} releases the
 * parser's buffers; it is called once the verdict is known and must be called by whoever stops feeding earlier.
 */
final class AnswerScanner {

    /** Where the scan stands. */
    enum Verdict { PENDING, ANSWER, NOT_ANSWER }

    private enum Member { ID, METHOD, ERROR, RESULT, OTHER }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private final JsonNode requestId;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private Verdict verdict = Verdict.PENDING;
    private int depth;
    private Member member = Member.OTHER;
    private String innerName;
    private Boolean idMatches;
    private boolean errorSeen;
    private boolean resultSeen;
    private Integer errorCode;
    private boolean isError;

    /** @param requestId the request's id; null accepts any id (and none) */
    AnswerScanner(JsonNode requestId) {
        this.requestId = requestId;
        try {
            this.parser = FACTORY.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("Jackson creates non-blocking parsers without I/O", e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /** Reads the next bytes of the text; {@code bytes} is not kept after the call. */
    Verdict feed(byte[] bytes, int offset, int length) {
        if (verdict != Verdict.PENDING || length == 0) {
            return verdict;
        }
        try {
            feeder.feedInput(bytes, offset, offset + length);
            JsonToken token;
            while (verdict == Verdict.PENDING && (token = parser.nextToken()) != null
                    && token != JsonToken.NOT_AVAILABLE) {
                read(token);
            }
        } catch (IOException | RuntimeException e) {
            verdict = Verdict.NOT_ANSWER;
        }
        if (verdict != Verdict.PENDING) {
            close();
        }
        return verdict;
    }

    Verdict verdict() {
        return verdict;
    }

    /** The answer; only meaningful once the verdict is {@link Verdict#ANSWER}. */
    UpstreamAnswer answer() {
        return new UpstreamAnswer(errorCode, isError);
    }

    void close() {
        try {
            parser.close();
        } catch (IOException e) {
            verdict = verdict == Verdict.PENDING ? Verdict.NOT_ANSWER : verdict;
        }
    }

    private void read(JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                if (depth == 0 && token == JsonToken.START_ARRAY
                        || depth == 1 && (member == Member.ID || member == Member.METHOD)) {
                    verdict = Verdict.NOT_ANSWER;
                    return;
                }
                depth++;
                innerName = null;
            }
            case END_OBJECT, END_ARRAY -> {
                depth--;
                if (depth == 1) {
                    errorSeen |= member == Member.ERROR;
                    resultSeen |= member == Member.RESULT;
                    decide();
                } else if (depth == 0) {
                    decide();
                    verdict = verdict == Verdict.PENDING ? Verdict.NOT_ANSWER : verdict;
                }
            }
            case FIELD_NAME -> {
                if (depth == 1) {
                    member = memberNamed(parser.currentName());
                } else if (depth == 2) {
                    innerName = parser.currentName();
                }
            }
            default -> scalar(token);
        }
    }

    private void scalar(JsonToken token) throws IOException {
        if (depth == 0) {
            verdict = Verdict.NOT_ANSWER;
        } else if (depth == 1) {
            switch (member) {
                case ID -> idMatches = matches(token);
                case METHOD -> verdict = Verdict.NOT_ANSWER;
                case ERROR -> errorSeen = true;
                case RESULT -> resultSeen = true;
                case OTHER -> {
                    return;
                }
            }
            decide();
        } else if (depth == 2 && member == Member.ERROR && "code".equals(innerName)
                && token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            errorCode = parser.getIntValue();
            decide();
        } else if (depth == 2 && member == Member.RESULT && "isError".equals(innerName)
                && token == JsonToken.VALUE_TRUE) {
            isError = true;
            decide();
        }
    }

    private void decide() {
        if (verdict != Verdict.PENDING) {
            return;
        }
        if (Boolean.FALSE.equals(idMatches)) {
            verdict = Verdict.NOT_ANSWER;
        } else if ((idMatches != null || requestId == null)
                && (errorSeen || resultSeen || errorCode != null || isError)) {
            verdict = Verdict.ANSWER;
        }
    }

    /** JSON-RPC answers a request it could not read with a null id, which is then the answer to this one. */
    private boolean matches(JsonToken token) throws IOException {
        if (requestId == null || token == JsonToken.VALUE_NULL) {
            return true;
        }
        if (requestId.isTextual()) {
            return token == JsonToken.VALUE_STRING && requestId.textValue().equals(parser.getText());
        }
        return requestId.isNumber() && token.isNumeric()
                && parser.getDecimalValue().compareTo(requestId.decimalValue()) == 0;
    }

    private static Member memberNamed(String name) {
        return switch (name) {
            case "id" -> Member.ID;
            case "method" -> Member.METHOD;
            case "error" -> Member.ERROR;
            case "result" -> Member.RESULT;
            default -> Member.OTHER;
        };
    }
}
