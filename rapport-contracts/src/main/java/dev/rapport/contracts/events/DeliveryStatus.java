package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** What happened to a sent message afterwards. */
public enum DeliveryStatus {
    ACCEPTED, DELIVERED, FAILED, BOUNCED, COMPLAINED;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static DeliveryStatus fromWire(String wire) {
        return WireName.parse(DeliveryStatus.class, wire);
    }
}
