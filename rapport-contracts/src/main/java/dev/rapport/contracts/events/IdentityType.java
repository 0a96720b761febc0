package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** The kinds of identity a profile can be found by. */
public enum IdentityType {
    EMAIL, PHONE, LOYALTY_CARD, CUSTOMER_NUMBER, DEVICE_ID, COOKIE_ID;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static IdentityType fromWire(String wire) {
        return WireName.parse(IdentityType.class, wire);
    }
}
