package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** Whether the customer or the company made the contact. */
public enum Direction {
    INBOUND, OUTBOUND;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static Direction fromWire(String wire) {
        return WireName.parse(Direction.class, wire);
    }
}
