package dev.portcullis.gateway.support;

import dev.portcullis.model.proxy.ProxyDefinition;

/** Proxy definitions for tests, written as the JSON an operator would write. */
public final class TestProxies {

    private TestProxies() {
    }

    public static ProxyDefinition definition(String id, String listenPath, String upstreamUrl) {
        return definition(id, listenPath, upstreamUrl, "");
    }

    /** @param extraFields more top-level JSON fields, each followed by a comma, e.g. {@code "\"allowedOrigins\":[],"} */
    public static ProxyDefinition definition(String id, String listenPath, String upstreamUrl, String extraFields) {
        return ProxyDefinition.parse("""
                {"id":"%s","name":"%s",%s"listenPath":"%s","upstream":{"url":"%s"}}
                """.formatted(id, id, extraFields, listenPath, upstreamUrl));
    }
}
