package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** Where a customer is in the relationship. */
public enum LifecycleStage {
    PROSPECT, FIRST_TIME, REPEAT, LOYAL, LAPSED, CHURN_RISK;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static LifecycleStage fromWire(String wire) {
        return WireName.parse(LifecycleStage.class, wire);
    }
}
