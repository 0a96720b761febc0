package dev.rapport.messaging.customers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.contracts.events.ProfileMerged;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The customers an event is about: its subject, or every id an erasure or a merge touches. */
public final class EventCustomers {

    private EventCustomers() {
    }

    /** The ids whose data the event may change; empty for an event keyed by an identity (bulk ingest). */
    public static List<UUID> of(CloudEvent event, ObjectMapper mapper) {
        return switch (event.type() == null ? "" : event.type()) {
            case EventTypes.PROFILE_ERASED -> event.dataAs(ProfileErased.class, mapper).everyId().stream()
                    .filter(Objects::nonNull).distinct().toList();
            case EventTypes.PROFILE_MERGED -> {
                ProfileMerged merged = event.dataAs(ProfileMerged.class, mapper);
                yield java.util.stream.Stream.of(merged.survivorId(), merged.mergedId()).filter(Objects::nonNull).distinct().toList();
            }
            default -> subject(event) == null ? List.of() : List.of(subject(event));
        };
    }

    /** The subject as a customer id, or null when it is none. */
    public static UUID subject(CloudEvent event) {
        String subject = event.subject();
        if (subject == null || subject.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
