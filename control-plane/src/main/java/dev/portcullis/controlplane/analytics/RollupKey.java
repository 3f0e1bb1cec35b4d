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

    /**
     * The order every control plane writes a batch's roll-up rows in (see {@link Rollups}): bucket, proxy,
     * primitive type and name, key, status, error code, member. Written out rather than chained key extractors:
     * it runs about a dozen times per roll-up row.
     */
    static final Comparator<RollupKey> ORDER = RollupKey::compare;

    private static int compare(RollupKey a, RollupKey b) {
        int order = a.bucket.compareTo(b.bucket);
        if (order == 0) {
            order = a.proxyId.compareTo(b.proxyId);
        }
        if (order == 0) {
            order = a.primitiveType.compareTo(b.primitiveType);
        }
        if (order == 0) {
            order = a.primitiveName.compareTo(b.primitiveName);
        }
        if (order == 0) {
            order = a.keyId.compareTo(b.keyId);
        }
        if (order == 0) {
            order = Integer.compare(a.status, b.status);
        }
        if (order == 0) {
            order = Integer.compare(a.errorCode, b.errorCode);
        }
        return order != 0 ? order : a.member.compareTo(b.member);
    }

    /** This key with the bucket of {@code resolution} (a coarser one) holding this key's bucket. */
    RollupKey in(Resolution resolution) {
        return new RollupKey(resolution.bucket(bucket), proxyId, member, primitiveType, primitiveName, keyId, status,
                errorCode);
    }

    static RollupKey of(AnalyticsRecord record, Resolution resolution) {
        return new RollupKey(resolution.bucket(record.time()), orEmpty(record.proxy()),
                orEmpty(record.member()), orEmpty(record.mcpPrimitiveType()), orEmpty(record.mcpPrimitiveName()), orEmpty(record.keyId()),
                record.status(), record.mcpErrorCode() == null ? 0 : record.mcpErrorCode());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
