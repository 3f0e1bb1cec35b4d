package dev.portcullis.gateway.filter.acl;

import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import java.util.List;

/** The access rules of the request's caller on the request's proxy, from the request's own snapshot. */
public final class CallerAccessLookup {

    private CallerAccessLookup() {
    }

    /** An anonymous caller (authentication disabled) is subject to the proxy's rules only. */
    public static CallerAccess of(FilterContext context) {
        ConsumerIdentity consumer = context.consumer();
        return context.runtime().access().caller(context.proxy().id(),
                consumer == null ? List.of() : consumer.policies());
    }
}
