package dev.portcullis.model.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a record in the form gateways write it ({@link AnalyticsRecordJson#write}) in one streaming pass, for the
 * control plane's ingest: no tree, no bean introspection. It accepts only that plain form (each field once with its
 * own JSON type, strings or null where a field may be null, the time as an ISO instant in UTC, nothing after the
 * object; fields it does not know are skipped) and answers null for anything else, which the caller then reads
 * with the data binder so every other input gets exactly the answer it got before. Thread-safe.
 */
final class CanonicalRecordReader {

    private static final JsonFactory FACTORY = new JsonFactory();

    private CanonicalRecordReader() {
    }

    /** The record, or null when {@code json} is not in the plain form (the caller decides what it is then). */
    static AnalyticsRecord read(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return record(parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static AnalyticsRecord record(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Fields f = new Fields();
        long seen = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int index = f.read(name, value, parser);
            if (index == Fields.INVALID) {
                return null;
            }
            if (index == Fields.UNKNOWN) {
                parser.skipChildren();
                continue;
            }
            if ((seen & (1L << index)) != 0) {
                return null;
            }
            seen |= 1L << index;
        }
        if (token != JsonToken.END_OBJECT || parser.nextToken() != null || f.id == null || f.time == null
                || f.gateway == null || f.httpMethod == null || f.path == null
                || (seen & Fields.REQUIRED) != Fields.REQUIRED) {
            return null;
        }
        return new AnalyticsRecord(f.id, f.time, f.gateway, f.proxy, f.httpMethod, f.path, f.status, f.latencyMicros,
                f.upstreamLatencyMicros, f.bytesIn, f.bytesOut, f.consumerType, f.keyId, f.alias, f.mcpMethod,
                f.mcpPrimitiveType, f.mcpPrimitiveName, f.mcpErrorCode, f.errorReason, f.sessionIdHash, f.traceId,
                f.upstreamErrorCode, f.toolError, f.truncated, f.protocolVersion, f.member);
    }

    /** The fields read so far; {@link #read} answers the field's bit, {@link #UNKNOWN} or {@link #INVALID}. */
    private static final class Fields {
        static final int UNKNOWN = -1;
        static final int INVALID = -2;
        /** The field names in the order gateways write them; a field's bit is its index. */
        private static final Map<String, Integer> BITS = new HashMap<>();
        /** Bits of the fields that hold a string (or null). */
        private static final long STRINGS;
        /** The primitive fields the data binder would read as 0 when absent: taken as not plain. */
        static final long REQUIRED;

        static {
            String[] names = {"id", "time", "gateway", "proxy", "httpMethod", "path", "status", "latencyMicros",
                    "upstreamLatencyMicros", "bytesIn", "bytesOut", "consumerType", "keyId", "alias", "mcpMethod",
                    "mcpPrimitiveType", "mcpPrimitiveName", "mcpErrorCode", "errorReason", "sessionIdHash", "traceId",
                    "upstreamErrorCode", "toolError", "truncated", "protocolVersion", "member"};
            for (int i = 0; i < names.length; i++) {
                BITS.put(names[i], i);
            }
            long strings = 0;
            for (int i : new int[] {0, 1, 2, 3, 4, 5, 11, 12, 13, 14, 15, 16, 18, 19, 20, 24, 25}) {
                strings |= 1L << i;
            }
            STRINGS = strings;
            REQUIRED = (1L << 6) | (1L << 7) | (1L << 9) | (1L << 10);
        }

        String id;
        Instant time;
        String gateway;
        String proxy;
        String httpMethod;
        String path;
        int status;
        long latencyMicros;
        Long upstreamLatencyMicros;
        long bytesIn;
        long bytesOut;
        String consumerType;
        String keyId;
        String alias;
        String mcpMethod;
        String mcpPrimitiveType;
        String mcpPrimitiveName;
        Integer mcpErrorCode;
        String errorReason;
        String sessionIdHash;
        String traceId;
        Integer upstreamErrorCode;
        boolean toolError;
        boolean truncated;
        String protocolVersion;
        String member;

        int read(String name, JsonToken value, JsonParser parser) throws IOException {
            Integer known = BITS.get(name);
            if (known == null) {
                return UNKNOWN;
            }
            int bit = known;
            if ((STRINGS & (1L << bit)) != 0) {
                if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                    return INVALID;
                }
                return string(bit, value == JsonToken.VALUE_STRING ? parser.getText() : null) ? bit : INVALID;
            }
            boolean isNull = value == JsonToken.VALUE_NULL;
            switch (bit) {
                case 6 -> status = isInt(value, parser) ? parser.getIntValue() : invalid();
                case 7 -> latencyMicros = isLong(value, parser) ? parser.getLongValue() : invalid();
                case 8 -> upstreamLatencyMicros = isNull ? null : isLong(value, parser) ? parser.getLongValue() : invalid();
                case 9 -> bytesIn = isLong(value, parser) ? parser.getLongValue() : invalid();
                case 10 -> bytesOut = isLong(value, parser) ? parser.getLongValue() : invalid();
                case 17 -> mcpErrorCode = isNull ? null : isInt(value, parser) ? parser.getIntValue() : invalid();
                case 21 -> upstreamErrorCode = isNull ? null : isInt(value, parser) ? parser.getIntValue() : invalid();
                case 22 -> toolError = value.isBoolean() ? value == JsonToken.VALUE_TRUE : invalid() != 0;
                default -> truncated = value.isBoolean() ? value == JsonToken.VALUE_TRUE : invalid() != 0;
            }
            return bit;
        }

        /** Sets the string field {@code bit}; false when it is the time and not an ISO instant in UTC. */
        private boolean string(int bit, String text) {
            switch (bit) {
                case 0 -> id = text;
                case 1 -> {
                    if (text == null || !text.endsWith("Z")) {
                        return false;
                    }
                    time = utcInstant(text);
                }
                case 2 -> gateway = text;
                case 3 -> proxy = text;
                case 4 -> httpMethod = text;
                case 5 -> path = text;
                case 11 -> consumerType = text;
                case 12 -> keyId = text;
                case 13 -> alias = text;
                case 14 -> mcpMethod = text;
                case 15 -> mcpPrimitiveType = text;
                case 16 -> mcpPrimitiveName = text;
                case 18 -> errorReason = text;
                case 19 -> sessionIdHash = text;
                case 20 -> traceId = text;
                case 24 -> protocolVersion = text;
                default -> member = text;
            }
            return true;
        }

        /** A value of the wrong type: thrown, and {@link CanonicalRecordReader#read} answers null. */
        private static int invalid() {
            throw new NotPlain();
        }

        private static boolean isInt(JsonToken value, JsonParser parser) throws IOException {
            return value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT;
        }

        private static boolean isLong(JsonToken value, JsonParser parser) throws IOException {
            return value == JsonToken.VALUE_NUMBER_INT && (parser.getNumberType() == JsonParser.NumberType.INT
                    || parser.getNumberType() == JsonParser.NumberType.LONG);
        }
    }

    /**
     * {@link Instant#parse} of {@code text}, which ends in {@code Z}. The form gateways write
     * ({@code 2026-12-06T18:41:00.123456Z}: four-digit year, seconds, up to nine fraction digits, a valid date
     * and time of day) is read here without a formatter (which allocates about 1 KB per call); every other form
     * goes to {@link Instant#parse}, so the answer, or the exception, is the same.
     */
    static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || (length > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || fraction < 0) {
            return Instant.parse(text);
        }
        int nanos = fraction;
        for (int i = length - 1; i < 29; i++) {
            nanos *= 10;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second,
                length > 20 ? nanos : 0);
    }

    /** The decimal number in {@code text} from {@code start} to {@code end}; -1 when a character is no digit. */
    private static int digits(String text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Not the plain form (no stack trace: it only tells {@link #read} to answer null). */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }
}
