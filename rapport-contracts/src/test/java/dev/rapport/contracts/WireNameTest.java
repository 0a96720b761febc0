package dev.rapport.contracts;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.LifecycleStage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireNameTest {

    @Test
    void parsesHyphenatedNamesAndNamesTheAcceptedValuesOtherwise() {
        assertEquals(LifecycleStage.CHURN_RISK, WireName.parse(LifecycleStage.class, "churn-risk"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Channel.fromWire("fax"));
        assertEquals("'fax' is not one of web, app, email, sms, push, phone, store, mail, chat, social", unknown.getMessage());
    }
}
