package dev.portcullis.gateway.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Tells the control plane what became of each snapshot (ACK or NACK with the reason), so an operator sees a
 * rejected configuration in {@code GET /api/gateways}. An already applied version is reported as accepted when the
 * feed asks ({@link ConfigFeed} does so once per connection), so a gateway booted from its disk copy is known.
 * Best effort: a lost report is corrected by the next one, except the refusal of the disk copy at boot, which
 * {@link ConfigFeed} repeats until one is delivered. {@link ApplyOutcome.Superseded} is never reported.
 */
final class FeedReporter {

    private static final Logger LOG = Logger.getLogger(FeedReporter.class);

    private final WebClient client;
    private final String gatewayId;
    private final List<String> tags;

    FeedReporter(WebClient client, String gatewayId, List<String> tags) {
        this.client = client;
        this.gatewayId = gatewayId;
        this.tags = List.copyOf(tags);
    }

    /**
     * Sends the report to the control plane at {@code endpoints} (the one the feed currently uses); the future tells
     * whether it took it (a 2xx), and never fails.
     */
    Future<Boolean> report(FeedEndpoints endpoints, ApplyOutcome outcome, Long appliedVersion) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("gatewayId", gatewayId);
        body.putPOJO("tags", tags);
        body.put("appliedVersion", appliedVersion);
        if (outcome instanceof ApplyOutcome.Applied applied) {
            body.put("receivedVersion", applied.version());
            body.put("accepted", true);
            body.putNull("reason");
        } else if (outcome instanceof ApplyOutcome.AlreadyApplied already) {
            body.put("receivedVersion", already.version());
            body.put("accepted", true);
            body.putNull("reason");
        } else if (outcome instanceof ApplyOutcome.Rejected rejected) {
            body.put("receivedVersion", rejected.version());
            body.put("accepted", false);
            body.put("reason", rejected.reason());
        } else {
            return Future.succeededFuture(false);
        }
        var request = client.postAbs(endpoints.reports()).putHeader("Content-Type", "application/json")
                .timeout(ConfigFeed.REQUEST_TIMEOUT_MS);
        if (endpoints.authorization() != null) {
            request.putHeader("Authorization", endpoints.authorization());
        }
        return request.sendBuffer(Buffer.buffer(Json.write(body))).transform(result -> {
            if (result.failed()) {
                LOG.debugf("snapshot report not delivered: %s", result.cause().getClass().getSimpleName());
                return Future.succeededFuture(false);
            }
            if (result.result().statusCode() >= 300) {
                LOG.warnf("control plane refused the snapshot report: HTTP %d", result.result().statusCode());
                return Future.succeededFuture(false);
            }
            return Future.succeededFuture(true);
        });
    }
}
