package dev.portcullis.gateway.observe.analytics;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

/** {@code XADD <prefix>analytics MAXLEN ~ <cap> * r <json>} (ADR 0003). Immutable. */
final class StreamCommand {

    /** The entry field holding the record's JSON. */
    static final String FIELD = "r";

    private final String key;
    private final String maxLength;

    StreamCommand(String keyPrefix, long maxLength) {
        this.key = keyPrefix + "analytics";
        this.maxLength = Long.toString(maxLength);
    }

    String key() {
        return key;
    }

    Request xadd(byte[] json) {
        return Request.cmd(Command.XADD).arg(key).arg("MAXLEN").arg("~").arg(maxLength).arg("*").arg(FIELD)
                .arg(json);
    }
}
