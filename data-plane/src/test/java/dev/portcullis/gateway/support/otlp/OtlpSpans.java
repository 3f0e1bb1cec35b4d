package dev.portcullis.gateway.support.otlp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the spans out of an OTLP/HTTP protobuf {@code ExportTraceServiceRequest}: just the protobuf wire format and
 * the field numbers of opentelemetry-proto's trace.proto, enough to check what the gateway exported.
 */
public final class OtlpSpans {

    /** One exported span; ids in lowercase hex, attributes as String, Long, Boolean or Double. */
    public record Span(String traceId, String spanId, String parentSpanId, String name, int kind,
                       Map<String, Object> attributes, int statusCode, Map<String, Object> resource) {
    }

    private OtlpSpans() {
    }

    public static List<Span> decode(byte[] request) {
        List<Span> spans = new ArrayList<>();
        for (Field resourceSpans : fields(request)) {
            if (resourceSpans.number != 1) {
                continue;
            }
            Map<String, Object> resource = new LinkedHashMap<>();
            List<byte[]> scopes = new ArrayList<>();
            for (Field field : fields(resourceSpans.bytes)) {
                if (field.number == 1) {
                    fields(field.bytes).stream().filter(f -> f.number == 1).forEach(kv -> attribute(kv.bytes, resource));
                } else if (field.number == 2) {
                    scopes.add(field.bytes);
                }
            }
            for (byte[] scope : scopes) {
                fields(scope).stream().filter(f -> f.number == 2).forEach(span -> spans.add(span(span.bytes, resource)));
            }
        }
        return spans;
    }

    private static Span span(byte[] bytes, Map<String, Object> resource) {
        String traceId = null, spanId = null, parent = "", name = null;
        int kind = 0, status = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Field field : fields(bytes)) {
            switch (field.number) {
                case 1 -> traceId = HexFormat.of().formatHex(field.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(field.bytes);
                case 4 -> parent = HexFormat.of().formatHex(field.bytes);
                case 5 -> name = new String(field.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) field.varint;
                case 9 -> attribute(field.bytes, attributes);
                case 15 -> status = fields(field.bytes).stream().filter(f -> f.number == 3)
                        .mapToInt(f -> (int) f.varint).findFirst().orElse(0);
                default -> { }
            }
        }
        return new Span(traceId, spanId, parent, name, kind, attributes, status, resource);
    }

    private static void attribute(byte[] keyValue, Map<String, Object> into) {
        String key = null;
        Object value = null;
        for (Field field : fields(keyValue)) {
            if (field.number == 1) {
                key = new String(field.bytes, StandardCharsets.UTF_8);
            } else if (field.number == 2) {
                for (Field any : fields(field.bytes)) {
                    value = switch (any.number) {
                        case 1 -> new String(any.bytes, StandardCharsets.UTF_8);
                        case 2 -> any.varint != 0;
                        case 3 -> any.varint;
                        case 4 -> Double.longBitsToDouble(any.varint);
                        default -> value;
                    };
                }
            }
        }
        into.put(key, value);
    }

    private record Field(int number, long varint, byte[] bytes) {
    }

    private static List<Field> fields(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        List<Field> fields = new ArrayList<>();
        while (in.hasRemaining()) {
            long tag = varint(in);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> fields.add(new Field(number, varint(in), null));
                case 1 -> fields.add(new Field(number, in.getLong(), null));
                case 2 -> {
                    byte[] bytes = new byte[(int) varint(in)];
                    in.get(bytes);
                    fields.add(new Field(number, 0, bytes));
                }
                case 5 -> fields.add(new Field(number, in.getInt(), null));
                default -> throw new IllegalArgumentException("unsupported wire type in tag " + tag);
            }
        }
        return fields;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }
}
