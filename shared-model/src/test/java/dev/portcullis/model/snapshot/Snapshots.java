package dev.portcullis.model.snapshot;

import dev.portcullis.model.Fixtures;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;

import java.time.Instant;
import java.util.List;

/** A small, valid snapshot built from the documented examples. */
final class Snapshots {

    private Snapshots() {
    }

    static ConfigSnapshot sample(long version) {
        ProxyDefinition proxy = ProxyDefinition.parse(Fixtures.bytes("spec-proxy.json"));
        Policy policy = Policy.parse(Fixtures.bytes("spec-policy.json"));
        KeyEntry key = new KeyEntry("k1", "report-bot", KeyTokens.hash("pcs_fixed-test-token"),
                Instant.parse("2030-01-01T00:00:00Z"), List.of("mock-mcp"), List.of("gold"));
        return new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION, version, Instant.parse("2026-11-21T10:15:30.123Z"),
                List.of(), List.of(proxy), List.of(key), List.of(policy));
    }
}
