package dev.portcullis.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void acceptsWellFormedTextOfEveryLength() {
        assertThat(Utf8.isValid(new byte[0])).isTrue();
        assertThat(Utf8.isValid("get_posts".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.isValid("café ☃ 𝄞 \u007f \u0080 \u07ff \u0800 \uffff".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(Utf8.isValid(hex("f4 8f bf bf"))).as("U+10FFFF").isTrue();
        assertThat(Utf8.isValid(hex("ed 9f bf"))).as("U+D7FF").isTrue();
        assertThat(Utf8.isValid(hex("ee 80 80"))).as("U+E000").isTrue();
    }

    @Test
    void refusesOverlongForms() {
        assertThat(Utf8.isValid(hex("67 65 74 c1 9f 70 6f 73 74 73"))).as("get\\xc1\\x9fposts").isFalse();
        assertThat(Utf8.isValid(hex("c0 80"))).isFalse();
        assertThat(Utf8.isValid(hex("e0 80 af"))).isFalse();
        assertThat(Utf8.isValid(hex("e0 9f bf"))).isFalse();
        assertThat(Utf8.isValid(hex("f0 80 80 af"))).isFalse();
        assertThat(Utf8.isValid(hex("f0 8f bf bf"))).isFalse();
    }

    @Test
    void refusesSurrogatesAndCodePointsBeyondTheUnicodeRange() {
        assertThat(Utf8.isValid(hex("ed a0 80"))).isFalse();
        assertThat(Utf8.isValid(hex("ed bf bf"))).isFalse();
        assertThat(Utf8.isValid(hex("f4 90 80 80"))).isFalse();
        assertThat(Utf8.isValid(hex("f5 80 80 80"))).isFalse();
        assertThat(Utf8.isValid(hex("ff"))).isFalse();
    }

    @Test
    void refusesStrayMissingAndCutContinuationBytes() {
        assertThat(Utf8.isValid(hex("80"))).isFalse();
        assertThat(Utf8.isValid(hex("61 bf 62"))).isFalse();
        assertThat(Utf8.isValid(hex("c3"))).isFalse();
        assertThat(Utf8.isValid(hex("c3 41"))).isFalse();
        assertThat(Utf8.isValid(hex("e2 82"))).isFalse();
        assertThat(Utf8.isValid(hex("f0 9f 98"))).isFalse();
        assertThat(Utf8.isValid(hex("f0 9f 98 41"))).isFalse();
    }

    @Test
    void agreesWithTheJdkStrictDecoderOnRandomBytes() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 50_000; round++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly bytes around the interesting boundaries, some ASCII
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            assertThat(Utf8.isValid(bytes)).as("seed %d, bytes %s", seed, HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkAccepts(bytes));
        }
    }

    @Test
    void definitionsThatAreNotUtf8AreRefusedAsMalformedJson() {
        byte[] overlong = concat("{\"id\":\"get".getBytes(StandardCharsets.US_ASCII), hex("c1 9f"),
                "posts\"}".getBytes(StandardCharsets.US_ASCII));

        Assertions.assertThatThrownBy(() -> ProxyDefinition.parse(overlong))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
