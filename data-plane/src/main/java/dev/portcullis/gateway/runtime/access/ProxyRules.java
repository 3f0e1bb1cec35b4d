package dev.portcullis.gateway.runtime.access;

import dev.portcullis.model.proxy.ProxyDefinition;

/** A proxy's own access rules, compiled once per snapshot: per-category allow/block and {@code operations}. */
record ProxyRules(NameRules tools, NameRules prompts, ResourceRules resources, NameRules operations) {

    static final ProxyRules NONE = new ProxyRules(NameRules.NONE, NameRules.NONE, ResourceRules.NONE, NameRules.NONE);

    static ProxyRules compile(ProxyDefinition definition) {
        return new ProxyRules(NameRules.of(definition.tools()), NameRules.of(definition.prompts()),
                ResourceRules.of(definition.resources()), NameRules.of(definition.operations()));
    }
}
