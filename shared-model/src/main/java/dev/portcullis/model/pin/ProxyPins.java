package dev.portcullis.model.pin;

import dev.portcullis.model.Immutable;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One proxy's pinning, as gateways receive it in the snapshot: its mode, the approved definitions (by hash) and
 * the changes some gateway reported that an administrator has not approved yet ({@code held}: under
 * {@code enforce}, a gateway that has not itself seen the change refuses calls to them as well).
 */
public record ProxyPins(String proxyId, PinMode mode, List<PrimitivePin> pins, List<PrimitivePin> held) {

    public ProxyPins {
        pins = Immutable.list(pins);
        held = Immutable.list(held);
    }

    public void validate(Violations at) {
        FieldRules.id(at.at("proxyId"), proxyId);
        FieldRules.required(at.at("mode"), mode);
        validate(at.at("pins"), pins);
        validate(at.at("held"), held);
    }

    private static void validate(Violations at, List<PrimitivePin> entries) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            PrimitivePin pin = entries.get(i);
            if (pin == null) {
                at.index(i).add("must not be null");
                continue;
            }
            pin.validate(at.index(i));
            if (pin.kind() != null && pin.name() != null && !seen.add(pin.key())) {
                at.index(i).add("duplicate " + pin.kind().json() + " '" + pin.name() + "'");
            }
        }
    }
}
