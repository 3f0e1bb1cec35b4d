package dev.portcullis.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

    private static String canonical(String json) throws IOException {
        return new String(CanonicalJson.bytes(Json.mapper().readTree(json)), StandardCharsets.UTF_8);
    }

    @Test
    void sortsKeysAndDropsWhitespace() throws IOException {
        assertThat(canonical("{ \"b\" : 1,\n \"a\" : [ 1 , 2 ],\t\"c\": {\"z\": null, \"y\": true} }"))
                .isEqualTo("{\"a\":[1,2],\"b\":1,\"c\":{\"y\":true,\"z\":null}}");
    }

    @Test
    void sortsKeysByUtf16CodeUnitsAtEveryDepth() throws IOException {
        // RFC 8785 example ordering: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33"
        String json = "{\"\\ufb33\":1,\"\\ud83d\\ude00\":2,\"\\u20ac\":3,\"\\u00f6\":4,\"\\u0080\":5,\"1\":6,"
                + "\"\\r\":7,\"n\":{\"b\":[{\"d\":1,\"c\":2}],\"a\":0}}";

        assertThat(canonical(json)).isEqualTo("{\"\\r\":7,\"1\":6,\"n\":{\"a\":0,\"b\":[{\"c\":2,\"d\":1}]},"
                + "\"\u0080\":5,\"\u00f6\":4,\"\u20ac\":3,\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }

    @Test
    void escapesOnlyWhatJsonRequires() throws IOException {
        assertThat(canonical("\"\\u0041\\u00e9\\u20ac\\ud83d\\ude00/\\\\\\\"\\b\\f\\n\\r\\t\\u0001\\u001f\""))
                .isEqualTo("\"A\u00e9\u20ac\ud83d\ude00/\\\\\\\"\\b\\f\\n\\r\\t\\u0001\\u001f\"");
    }

    @Test
    void encodesUnicodeAsUtf8() throws IOException {
        byte[] bytes = CanonicalJson.bytes(Json.mapper().readTree("{\"k\":\"\\u00e9\"}"));

        assertThat(bytes).containsExactly('{', '"', 'k', '"', ':', '"', 0xC3, 0xA9, '"', '}');
    }

    @Test
    void printsIntegersPlainAndIntegralDoublesWithoutFraction() throws IOException {
        assertThat(canonical("[0, -0, 1, -42, 9007199254740993, 123456789012345678901234567890, 30000.0, 1e3, -0.0]"))
                .isEqualTo("[0,0,1,-42,9007199254740993,123456789012345678901234567890,30000,1000,0]");
    }

    @Test
    void printsFractionsInEcmaScriptForm() throws IOException {
        assertThat(canonical("[0.5, 1.25, -3.75, 0.1, 1e-7, 0.000001, 1e21, 1.5e300, 4.94e-324]"))
                .isEqualTo("[0.5,1.25,-3.75,0.1,1e-7,0.000001,1e+21,1.5e+300,5e-324]");
    }

    @Test
    void printsTheShortestDigitsThatReadBackAsTheSameDouble() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        double[] samples = {Double.MIN_VALUE, Double.MAX_VALUE, 2e-3, 1.0 / 3, 2.82879384806159e17, 123.456, 5e-7};
        for (double sample : samples) {
            String printed = CanonicalJson.string(nodes.numberNode(sample));
            assertThat(Double.parseDouble(printed)).isEqualTo(sample);
        }
        assertThat(CanonicalJson.string(nodes.numberNode(2.82879384806159e17))).isEqualTo("282879384806159000");
        assertThat(CanonicalJson.string(nodes.numberNode(1.0 / 3))).isEqualTo("0.3333333333333333");
        assertThat(CanonicalJson.string(nodes.numberNode(Double.MAX_VALUE))).isEqualTo("1.7976931348623157e+308");
    }

    @Test
    void handlesBigDecimalNodes() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        assertThat(CanonicalJson.string(nodes.arrayNode().add(new BigDecimal("1.50")).add(new BigDecimal("2.000"))
                .add(new BigInteger("12"))))
                .isEqualTo("[1.5,2,12]");
    }

    @Test
    void rejectsNumbersAndStringsWithoutACanonicalForm() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        assertThatThrownBy(() -> CanonicalJson.bytes(nodes.numberNode(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.bytes(nodes.textNode("\ud800")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isStableAcrossReparsing() throws IOException {
        JsonNode tree = Json.mapper().readTree("{\"z\":[1,{\"b\":\"x\",\"a\":2.5}],\"a\":\"\u00fc\"}");

        byte[] once = CanonicalJson.bytes(tree);

        assertThat(CanonicalJson.bytes(Json.mapper().readTree(once))).isEqualTo(once);
    }

    @Test
    void writesRecordsWithoutNulls() {
        record Sample(String a, String b) {
        }

        assertThat(new String(Json.write(new Sample("x", null)), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"x\"}");
    }
}
