package dev.portcullis.gateway.observe;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void bodyFollowsTheSpecShapeWithTheRequestId() throws Exception {
        JsonNode body = Json.mapper().readTree(
                ErrorResponses.body(IntNode.valueOf(9), GatewayErrors.proxyNotAllowed()).getBytes());

        assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.get("id").asInt()).isEqualTo(9);
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(body.at("/error/data/reason").asText()).isEqualTo("proxy_not_allowed");
        assertThat(body.at("/error/data/httpStatus").asInt()).isEqualTo(403);
    }

    @Test
    void bodyHasANullIdWhenTheRequestIdIsUnknown() throws Exception {
        JsonNode body = Json.mapper().readTree(ErrorResponses.body(null, GatewayErrors.notJson()).getBytes());

        assertThat(body.has("id")).isTrue();
        assertThat(body.get("id").isNull()).isTrue();
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void errorTableMatchesTheSpec() {
        assertThat(GatewayErrors.notJson()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(400, -32700);
        assertThat(GatewayErrors.batch()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(400, -32600);
        assertThat(GatewayErrors.missingPrimitive("tools/call", "params.name"))
                .extracting(GatewayError::httpStatus, GatewayError::code).containsExactly(400, -32602);
        assertThat(GatewayErrors.unknownKey()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(401, -32001);
        assertThat(GatewayErrors.unknownKey().headers()).containsEntry("WWW-Authenticate",
                "Bearer realm=\"portcullis\"");
        assertThat(GatewayErrors.proxyNotAllowed()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(403, -32002);
        assertThat(GatewayErrors.upstreamTimeout()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(504, -32004);
        assertThat(GatewayErrors.upstreamUnreachable()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(502, -32004);
        assertThat(GatewayErrors.bodyTooLarge(10)).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(413, -32600);
        assertThat(GatewayErrors.badOrigin()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(403, -32600);
        assertThat(GatewayErrors.noConfiguration()).extracting(GatewayError::httpStatus, GatewayError::code)
                .containsExactly(503, -32004);
        assertThat(GatewayErrors.unknownListenPath().reason()).isEqualTo("unknown_listen_path");
    }
}
