package dev.rapport.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rapport.contracts.WireName;

/** Every channel a customer is reached or heard on. */
public enum Channel {
    WEB, APP, EMAIL, SMS, PUSH, PHONE, STORE, MAIL, CHAT, SOCIAL;

    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    @JsonCreator
    public static Channel fromWire(String wire) {
        return WireName.parse(Channel.class, wire);
    }
}
