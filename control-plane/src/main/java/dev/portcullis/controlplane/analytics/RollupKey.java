package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

import java.time.Instant;
import java.util.Comparator;

/**
 * The primary key of a roll-up row. Absent values are {@code ""} (proxy, member, primitive, key) and {@code 0}
 * (gateway error code), as stored. {@code member} is the member proxy that served a virtual server's request.
 */
record RollupKey(Instant bucket, String proxyId, String member, String primitiveType, String primitiveName,
                 String keyId, int status, int errorCode) {

    /** The order every control plane writes a batch's roll-up rows in (see {@link Rollups}). */
    static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::bucket)
            .thenComparing(RollupKey::proxyId).thenComparing(RollupKey::primitiveType)
            .thenComparing(RollupKey::primitiveName).thenComparing(RollupKey::keyId)
            .thenComparingInt(RollupKey::status).thenComparingInt(RollupKey::errorCode)
            .thenComparing(RollupKey::member);

    static RollupKey of(AnalyticsRecord record, Resolution resolution) {
        return new RollupKey(resolution.bucket(record.time()), orEmpty(record.proxy()),
                orEmpty(record.member()), orEmpty(record.mcpPrimitiveType()), orEmpty(record.mcpPrimitiveName()), orEmpty(record.keyId()),
                record.status(), record.mcpErrorCode() == null ? 0 : record.mcpErrorCode());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
