package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** Where a customer's revenue ranks: best is the top 20 % of revenue. */
public enum ValueTier {
    BEST, HIGH, MEDIUM, LOW, NONE;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static ValueTier fromWire(String wire) {
        return WireName.parse(ValueTier.class, wire);
    }
}
