package dev.portcullis.gateway.runtime.pinning;

import dev.portcullis.model.pin.PinKind;
import dev.portcullis.model.pin.PinMode;
import dev.portcullis.model.pin.PrimitivePin;
import dev.portcullis.model.pin.ProxyPins;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One proxy's pins, indexed for the request path: the approved hash of each primitive by
 * {@link PrimitivePin#key}, and the primitives with a change reported by some gateway and not approved yet.
 * Immutable; built once per snapshot.
 *
 * @param heldTemplates the {@code uriTemplate}s among {@code held}, for matching {@code resources/read} URIs
 */
public record ProxyPinRules(PinMode mode, Map<String, String> approved, Set<String> held,
                            List<String> heldTemplates) {

    public ProxyPinRules {
        approved = Map.copyOf(approved);
        held = Set.copyOf(held);
        heldTemplates = List.copyOf(heldTemplates);
    }

    static ProxyPinRules of(ProxyPins pins) {
        Map<String, String> approved = new HashMap<>();
        pins.pins().forEach(pin -> approved.put(pin.key(), pin.hash()));
        Set<String> held = new HashSet<>();
        pins.held().forEach(pin -> held.add(pin.key()));
        List<String> templates = pins.held().stream().filter(pin -> pin.kind() == PinKind.RESOURCE_TEMPLATE)
                .map(PrimitivePin::name).toList();
        return new ProxyPinRules(pins.mode(), approved, held, templates);
    }

    public boolean enforces() {
        return mode == PinMode.ENFORCE;
    }

    /** The approved hash of a primitive, or null when none is. */
    public String approvedHash(PinKind kind, String name) {
        return approved.get(PrimitivePin.key(kind, name));
    }

    /** True when the control plane knows of an unapproved change to the primitive. */
    public boolean heldByControlPlane(PinKind kind, String name) {
        return held.contains(PrimitivePin.key(kind, name));
    }
}
