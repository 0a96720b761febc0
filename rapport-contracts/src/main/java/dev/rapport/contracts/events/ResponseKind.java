package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** A customer's response to a message. */
public enum ResponseKind {
    OPEN, CLICK, REPLY, CALL, PURCHASE, UNSUBSCRIBE;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static ResponseKind fromWire(String wire) {
        return WireName.parse(ResponseKind.class, wire);
    }
}
