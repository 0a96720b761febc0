package dev.rapport.contracts;

import dev.rapport.contracts.events.ConsentRevoked;
import dev.rapport.contracts.events.ContactPointInvalidated;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.contracts.events.DeliveryStatusChanged;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.InteractionSubmitted;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.contracts.events.ProfileMerged;
import dev.rapport.contracts.events.ResponseTracked;

import java.util.List;
import java.util.Optional;

/** Which event type travels on which topic with which payload record; the AsyncAPI document describes the same. */
public final class EventCatalog {

    /** One kind of event. */
    public record Entry(String type, String topic, Class<? extends Record> payload) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry(EventTypes.PROFILE_CHANGED, Topics.PROFILE_EVENTS, ProfileChanged.class),
            new Entry(EventTypes.PROFILE_MERGED, Topics.PROFILE_EVENTS, ProfileMerged.class),
            new Entry(EventTypes.PROFILE_ERASED, Topics.PROFILE_EVENTS, ProfileErased.class),
            new Entry(EventTypes.INTERACTION_RECORDED, Topics.INTERACTION_EVENTS, InteractionRecorded.class),
            new Entry(EventTypes.INTERACTION_SUBMITTED, Topics.INTERACTION_INGEST, InteractionSubmitted.class),
            new Entry(EventTypes.DELIVERY_REQUESTED, Topics.DELIVERY_REQUESTS, DeliveryRequested.class),
            new Entry(EventTypes.DELIVERY_DECIDED, Topics.DELIVERY_EVENTS, DeliveryDecided.class),
            new Entry(EventTypes.DELIVERY_STATUS_CHANGED, Topics.DELIVERY_EVENTS, DeliveryStatusChanged.class),
            new Entry(EventTypes.RESPONSE_TRACKED, Topics.DELIVERY_EVENTS, ResponseTracked.class),
            new Entry(EventTypes.CONSENT_REVOKED, Topics.DELIVERY_EVENTS, ConsentRevoked.class),
            new Entry(EventTypes.CONTACT_POINT_INVALIDATED, Topics.DELIVERY_EVENTS, ContactPointInvalidated.class));

    private EventCatalog() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Optional<Entry> byType(String type) {
        return ENTRIES.stream().filter(entry -> entry.type().equals(type)).findFirst();
    }
}
