package dev.portcullis.gateway.observe.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class IncomingTraceContextTest {

    private static final String HEADER_PARENT = "00-11111111111111111111111111111111-2222222222222222-01";
    private static final String META_PARENT = "00-33333333333333333333333333333333-4444444444444444-01";

    @Test
    void prefersTheTraceparentHeaderWithItsTracestate() {
        MultiMap headers = headers(HEADER_PARENT, "vendor=header");

        IncomingTraceContext selected = IncomingTraceContext.select(headers, callWithMeta(META_PARENT, "vendor=meta"));

        assertThat(selected.source()).isEqualTo(IncomingTraceContext.Source.HEADER);
        assertThat(selected.parent().traceId()).isEqualTo("11111111111111111111111111111111");
        assertThat(selected.traceparent()).isEqualTo(HEADER_PARENT);
        assertThat(selected.tracestate()).isEqualTo("vendor=header");
    }

    @Test
    void fallsBackToParamsMetaWithoutAHeader() {
        IncomingTraceContext selected = IncomingTraceContext.select(MultiMap.caseInsensitiveMultiMap(),
                callWithMeta(META_PARENT, "vendor=meta"));

        assertThat(selected.source()).isEqualTo(IncomingTraceContext.Source.META);
        assertThat(selected.parent().parentId()).isEqualTo("4444444444444444");
        assertThat(selected.tracestate()).isEqualTo("vendor=meta");
    }

    @Test
    void fallsBackToParamsMetaWhenTheHeaderIsInvalid() {
        IncomingTraceContext selected = IncomingTraceContext.select(headers("00-garbage", "vendor=header"),
                callWithMeta(META_PARENT, null));

        assertThat(selected.source()).isEqualTo(IncomingTraceContext.Source.META);
        assertThat(selected.tracestate()).isNull();
    }

    @Test
    void readsParamsMetaOfNotificationsToo() {
        JsonRpcMessage notification = JsonRpcMessage.parse(("""
                {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"_meta":{"traceparent":"%s"}}}
                """).formatted(META_PARENT).getBytes());

        assertThat(IncomingTraceContext.select(MultiMap.caseInsensitiveMultiMap(), notification).traceparent())
                .isEqualTo(META_PARENT);
    }

    @Test
    void findsNothingWithoutAValidContext() {
        MultiMap none = MultiMap.caseInsensitiveMultiMap();

        assertThat(IncomingTraceContext.select(none, null)).isNull();
        assertThat(IncomingTraceContext.select(none, callWithMeta("not-a-traceparent", null))).isNull();
        assertThat(IncomingTraceContext.select(none, JsonRpcMessage.parse("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":"text"}}
                """.getBytes()))).isNull();
        assertThat(IncomingTraceContext.select(none, JsonRpcMessage.parse("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","_meta":{"traceparent":7}}}
                """.getBytes()))).isNull();
        assertThat(IncomingTraceContext.select(none, JsonRpcMessage.parse("""
                {"jsonrpc":"2.0","id":1,"result":{}}""".getBytes()))).isNull();
    }

    private static MultiMap headers(String traceparent, String tracestate) {
        return MultiMap.caseInsensitiveMultiMap().add("Traceparent", traceparent).add("tracestate", tracestate);
    }

    private static JsonRpcMessage callWithMeta(String traceparent, String tracestate) {
        String state = tracestate == null ? "" : ",\"tracestate\":\"" + tracestate + "\"";
        return JsonRpcMessage.parse(("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call",
                 "params":{"name":"get_anything","_meta":{"traceparent":"%s"%s}}}
                """).formatted(traceparent, state).getBytes());
    }
}
