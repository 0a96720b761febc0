package dev.rapport.profile.consent;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The current consent per channel and purpose: the latest statement of the trail. */
public final class ConsentStates {

    private ConsentStates() {
    }

    public static List<ConsentState> current(List<ConsentRecord> trail) {
        Map<String, ConsentRecord> latest = new LinkedHashMap<>();
        for (ConsentRecord record : trail) {
            latest.put(record.channel + "|" + record.purpose, record);
        }
        List<ConsentState> states = new ArrayList<>();
        for (ConsentRecord record : latest.values()) {
            states.add(stateOf(record));
        }
        states.sort((a, b) -> a.channel() != b.channel() ? a.channel().compareTo(b.channel()) : a.purpose().compareTo(b.purpose()));
        return states;
    }

    public static ConsentState stateOf(ConsentRecord record) {
        return new ConsentState(Channel.fromWire(record.channel), ConsentPurpose.fromWire(record.purpose),
                ConsentStatus.fromWire(record.status), record.source, record.recordedAt);
    }
}
