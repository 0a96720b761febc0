package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** What a consent covers: service messages, information, loyalty, promotions. */
public enum ConsentPurpose {
    SERVICE, INFORMATIONAL, LOYALTY, PROMOTIONAL;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static ConsentPurpose fromWire(String wire) {
        return WireName.parse(ConsentPurpose.class, wire);
    }
}
