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
        int order = compareBucketAndPrimitive(a.bucket, a.proxyId, a.primitiveType, a.primitiveName, b.bucket,
                b.proxyId, b.primitiveType, b.primitiveName);
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

    /** The leading part of the roll-up and traffic key orders: bucket, proxy, primitive type, primitive name. */
    static int compareBucketAndPrimitive(Instant bucketA, String proxyA, String typeA, String nameA, Instant bucketB,
                                         String proxyB, String typeB, String nameB) {
        int order = bucketA.compareTo(bucketB);
        if (order == 0) {
            order = proxyA.compareTo(proxyB);
        }
        if (order == 0) {
            order = typeA.compareTo(typeB);
        }
        return order != 0 ? order : nameA.compareTo(nameB);
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
