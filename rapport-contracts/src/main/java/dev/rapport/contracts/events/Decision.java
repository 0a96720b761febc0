package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** What the contact policy decided for one request. */
public enum Decision {
    SENT, DEFERRED, SUPPRESSED;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static Decision fromWire(String wire) {
        return WireName.parse(Decision.class, wire);
    }
}
