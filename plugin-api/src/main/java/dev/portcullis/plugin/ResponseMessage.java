package dev.portcullis.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One JSON-RPC message of an answer, on its way to the agent. Valid only during the call it is passed to. */
public interface ResponseMessage {

    /** True for the message that answers the agent's request (its {@code result} or {@code error}). */
    boolean answersRequest();

    /**
     * The message as parsed, or null when it is not a JSON object. Read-only: call {@link #edit} to change it.
     */
    JsonNode json();

    /**
     * The message to modify in place: the agent receives it as modified (serialised once, after every filter had
     * its look). Null when the message is not a JSON object.
     */
    ObjectNode edit();
}
