package dev.portcullis.controlplane.tykimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TykJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void readsGoDurationsAsWholeSeconds() {
        assertThat(TykJson.seconds(NODES.textNode("1m"))).hasValue(60);
        assertThat(TykJson.seconds(NODES.textNode("1h30m"))).hasValue(5400);
        assertThat(TykJson.seconds(NODES.textNode("1500ms"))).isEmpty();
        assertThat(TykJson.seconds(NODES.textNode("2000ms"))).hasValue(2);
        assertThat(TykJson.seconds(NODES.textNode("0.5m"))).hasValue(30);
        assertThat(TykJson.seconds(NODES.numberNode(45))).hasValue(45);
        assertThat(TykJson.seconds(NODES.textNode("0s"))).isEmpty();
        assertThat(TykJson.seconds(NODES.textNode("1 m"))).isEmpty();
        assertThat(TykJson.seconds(NODES.textNode("m"))).isEmpty();
        assertThat(TykJson.seconds(NODES.textNode(""))).isEmpty();
        assertThat(TykJson.seconds(null)).isEmpty();
    }

    @Test
    void anyDurationWrittenAsHoursMinutesAndSecondsReadsBackAsItsSeconds() {
        Random random = new Random(20261206);
        for (int i = 0; i < 10_000; i++) {
            int h = random.nextInt(48);
            int m = random.nextInt(120);
            int s = random.nextInt(120);
            String text = (h > 0 ? h + "h" : "") + (m > 0 ? m + "m" : "") + (s > 0 || h + m == 0 ? s + "s" : "");
            long expected = h * 3600L + m * 60L + s;

            OptionalLong read = TykJson.seconds(NODES.textNode(text));

            assertThat(read).as(text).isEqualTo(expected == 0 ? OptionalLong.empty() : OptionalLong.of(expected));
        }
    }

    @Test
    void scalesFractionalRatesToWholeNumbersWithTheSameRatio() {
        assertThat(TykJson.wholeRate(NODES.numberNode(100), NODES.numberNode(60))).containsExactly(100, 60);
        assertThat(TykJson.wholeRate(NODES.numberNode(2.5), NODES.numberNode(1))).containsExactly(25, 10);
        assertThat(TykJson.wholeRate(NODES.numberNode(1000.0), NODES.numberNode(60.0))).containsExactly(1000, 60);
        assertThat(TykJson.wholeRate(NODES.numberNode(-1), NODES.numberNode(-1))).isNull();
        assertThat(TykJson.wholeRate(NODES.numberNode(0), NODES.numberNode(0))).isNull();
        assertThat(TykJson.wholeRate(NODES.numberNode(1.00001), NODES.numberNode(1))).isNull();
    }

    @Test
    void emptyZeroFalseAndSwitchedOffValuesCarryNothing() throws Exception {
        assertThat(TykJson.carriesNothing(json("{\"enabled\": false, \"rate\": 10}"))).isTrue();
        assertThat(TykJson.carriesNothing(json("{\"a\": [], \"b\": \"\", \"c\": 0, \"d\": {}}"))).isTrue();
        assertThat(TykJson.carriesNothing(json("[\"Default\"]"))).isFalse();
        assertThat(TykJson.carriesNothing(json("{\"enabled\": true}"))).isFalse();
        assertThat(TykJson.carriesNothing(json("-1"))).isFalse();
    }
}
