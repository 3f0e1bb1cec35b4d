package dev.portcullis.gateway.filter.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.plugin.ResponseMessage;

/** One answer message as operator plugins see it; an edit marks the message replaced, so the agent gets the edit. */
final class PluginMessageView implements ResponseMessage {

    private final UpstreamMessage message;

    PluginMessageView(UpstreamMessage message) {
        this.message = message;
    }

    @Override
    public boolean answersRequest() {
        return message.answersRequest();
    }

    @Override
    public JsonNode json() {
        return message.json();
    }

    @Override
    public ObjectNode edit() {
        JsonNode json = message.json();
        if (!(json instanceof ObjectNode object)) {
            return null;
        }
        // Parsed for this message only: edited in place, written out once after every step had its look.
        message.replace(object);
        return object;
    }
}
