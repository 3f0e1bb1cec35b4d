package dev.portcullis.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JsonBytes} against Jackson's text generator with its default settings, encoded in UTF-8. */
class JsonBytesTest {

    private static final JsonFactory JACKSON = new JsonFactory();
    private static final byte[] NAME = JsonBytes.name("name");

    @Test
    void writesEveryCharacterAsJacksonThenUtf8Would() throws IOException {
        for (int c = 0; c <= 0xFFFF; c++) {
            String value = "a" + (char) c + "b";
            assertThat(written(value)).as("U+%04X", c).isEqualTo(jackson(value));
        }
    }

    @Test
    void writesRandomStringsAsJacksonThenUtf8Would() throws IOException {
        Random random = new Random(20261206);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(7)) {
                    case 0 -> value.append((char) random.nextInt(0x20));
                    case 1 -> value.append("\"\\/".charAt(random.nextInt(3)));
                    case 2 -> value.append((char) (0x80 + random.nextInt(0x780)));
                    case 3 -> value.append((char) (0x800 + random.nextInt(0xF800)));
                    case 4 -> value.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    case 5 -> value.append((char) (0xD800 + random.nextInt(0x800)));
                    default -> value.append((char) (0x20 + random.nextInt(0x60)));
                }
            }
            String text = value.toString();
            assertThat(written(text)).as("%s", text.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(jackson(text));
        }
    }

    @Test
    void writesNumbersBooleansAndThousandthsAsJackson() throws IOException {
        long[] values = {0, 1, 7, 9, 10, 99, 100, 999, 1_000, 1_001, 123_456_789, Integer.MAX_VALUE, Long.MAX_VALUE,
            -1, -1_000, Long.MIN_VALUE};
        for (long value : values) {
            JsonBytes out = new JsonBytes(4).startObject();
            out.numberField(NAME, value).booleanField(JsonBytes.name("b"), value % 2 == 0)
                    .thousandthsField(JsonBytes.name("ms"), value).endObject();
            StringWriter text = new StringWriter();
            try (JsonGenerator json = JACKSON.createGenerator(text)) {
                json.writeStartObject();
                json.writeNumberField("name", value);
                json.writeBooleanField("b", value % 2 == 0);
                json.writeNumberField("ms", BigDecimal.valueOf(value, 3));
                json.writeEndObject();
            }
            assertThat(out.toString()).as("%d", value).isEqualTo(text.toString());
        }
    }

    @Test
    void writesInstantsAsInstantToString() {
        Random random = new Random(7);
        for (int n = 0; n < 10_000; n++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(253_402_300_800_000L));
            assertThat(instantField(instant)).isEqualTo("{\"t\":\"" + instant + "\"}");
        }
        for (Instant odd : new Instant[] {Instant.ofEpochSecond(0, 123), Instant.ofEpochSecond(-1),
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.EPOCH}) {
            assertThat(instantField(odd)).isEqualTo("{\"t\":\"" + odd + "\"}");
        }
    }

    @Test
    void omitsNullStringsAndSeparatesMembers() {
        JsonBytes out = new JsonBytes(1).startObject().stringField(NAME, null).stringField(NAME, "x")
                .stringField(NAME, null).numberField(NAME, 2).endObject().raw('\n');

        assertThat(out.toString()).isEqualTo("{\"name\":\"x\",\"name\":2}\n");
        assertThat(out.reset().startObject().endObject().toString()).isEqualTo("{}");
    }

    private static String instantField(Instant instant) {
        return new JsonBytes(2).startObject().instantField(JsonBytes.name("t"), instant).endObject().toString();
    }

    private static byte[] written(String value) {
        JsonBytes out = new JsonBytes(2).startObject().stringField(NAME, value).endObject();
        return out.toByteArray();
    }

    private static byte[] jackson(String value) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JACKSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("name", value);
            json.writeEndObject();
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
