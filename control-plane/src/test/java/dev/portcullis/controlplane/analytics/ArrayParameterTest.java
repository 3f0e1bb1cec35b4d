package dev.portcullis.controlplane.analytics;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayParameterTest {

    @Test
    void writesTextInPostgresBinaryArrayFormat() throws IOException {
        String[] values = {"get_users", null, "", "caf\u00e9 \ud83d\ude00"};
        ArrayParameter parameter = ArrayParameter.text(values);

        byte[] expected = binary(25, true, values.length, out -> {
            for (String value : values) {
                if (value == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
        });

        assertThat(bytesOf(parameter)).isEqualTo(expected);
        assertThat(parameter.getType()).isEqualTo("_text");
    }

    @Test
    void writesNumbersInPostgresBinaryArrayFormat() throws IOException {
        long[] values = {200, -32602, 0, Long.MAX_VALUE, Long.MIN_VALUE};
        boolean[] nulls = {false, false, true, false, false};

        byte[] int8 = binary(20, true, values.length, out -> {
            for (int i = 0; i < values.length; i++) {
                if (nulls[i]) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(8);
                    out.writeLong(values[i]);
                }
            }
        });
        byte[] int4 = binary(23, false, 2, out -> {
            out.writeInt(4);
            out.writeInt(200);
            out.writeInt(4);
            out.writeInt(-32602);
        });

        assertThat(bytesOf(ArrayParameter.int8(values, nulls))).isEqualTo(int8);
        assertThat(bytesOf(ArrayParameter.int4(new long[] {200, -32602}, null))).isEqualTo(int4);
    }

    @Test
    void givesTheArrayLiteralToADriverThatSendsText() {
        assertThat(ArrayParameter.text(new String[] {"a\"b", null, "c\\d", "", "NULL"}).getValue())
                .isEqualTo("{\"a\\\"b\",NULL,\"c\\\\d\",\"\",\"NULL\"}");
        assertThat(ArrayParameter.int8(new long[] {1, 2, -3}, new boolean[] {false, true, false}).getValue())
                .isEqualTo("{1,NULL,-3}");
        assertThat(ArrayParameter.int4(new long[0], null).getValue()).isEqualTo("{}");
    }

    private static byte[] bytesOf(ArrayParameter parameter) {
        byte[] bytes = new byte[parameter.lengthInBytes()];
        parameter.toBytes(bytes, 0);
        return bytes;
    }

    private interface Elements {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] binary(int elementOid, boolean hasNull, int length, Elements elements) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        out.writeInt(hasNull ? 1 : 0);
        out.writeInt(elementOid);
        out.writeInt(length);
        out.writeInt(1);
        elements.write(out);
        return bytes.toByteArray();
    }
}
