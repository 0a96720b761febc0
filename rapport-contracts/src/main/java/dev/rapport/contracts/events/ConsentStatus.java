package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** The customer's answer for one channel and purpose. */
public enum ConsentStatus {
    OPT_IN, OPT_OUT;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static ConsentStatus fromWire(String wire) {
        return WireName.parse(ConsentStatus.class, wire);
    }
}
