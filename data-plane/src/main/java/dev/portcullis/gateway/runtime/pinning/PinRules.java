package dev.portcullis.gateway.runtime.pinning;

import dev.portcullis.model.pin.PinMode;
import dev.portcullis.model.pin.ProxyPins;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every proxy's pinning of one snapshot, by proxy id; a proxy with none (or mode {@code off}) is absent. */
public record PinRules(Map<String, ProxyPinRules> byProxy) {

    public static final PinRules NONE = new PinRules(Map.of());

    public PinRules {
        byProxy = Map.copyOf(byProxy);
    }

    public static PinRules compile(List<ProxyPins> pins) {
        Map<String, ProxyPinRules> rules = new HashMap<>();
        for (ProxyPins entry : pins) {
            if (entry.mode() != PinMode.OFF) {
                rules.put(entry.proxyId(), ProxyPinRules.of(entry));
            }
        }
        return new PinRules(rules);
    }

    /** The proxy's pinning, or null when it pins nothing. */
    public ProxyPinRules of(String proxyId) {
        return byProxy.get(proxyId);
    }
}
