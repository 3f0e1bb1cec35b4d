package dev.portcullis.model.pin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.portcullis.model.json.UnacceptedValueException;
import java.util.Locale;

/**
 * What a gateway does when an upstream lists a tool, prompt or resource template whose definition differs from the
 * approved one (or has none approved): nothing ({@code off}), let it pass and report it ({@code observe}), or hide
 * it from lists and refuse its calls until an administrator approves it ({@code enforce}).
 */
public enum PinMode {
    OFF, OBSERVE, ENFORCE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static final String ACCEPTED = "must be one of off, observe, enforce";

    /** Binding: a mode other than the three is refused with {@link #ACCEPTED}, never read as absent. */
    @JsonCreator
    static PinMode fromJson(String value) {
        PinMode mode = parse(value);
        if (mode == null) {
            throw new UnacceptedValueException(ACCEPTED);
        }
        return mode;
    }

    /** The mode spelled {@code off}, {@code observe} or {@code enforce}; null for anything else. */
    public static PinMode parse(String value) {
        if (value == null) {
            return null;
        }
        for (PinMode mode : values()) {
            if (mode.json().equals(value)) {
                return mode;
            }
        }
        return null;
    }
}
