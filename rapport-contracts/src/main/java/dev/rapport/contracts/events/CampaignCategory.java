package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** What a message is for; it decides which consent purpose and caps apply. */
public enum CampaignCategory {
    SERVICE, INFORMATIONAL, LOYALTY, PROMOTIONAL;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static CampaignCategory fromWire(String wire) {
        return WireName.parse(CampaignCategory.class, wire);
    }
}
