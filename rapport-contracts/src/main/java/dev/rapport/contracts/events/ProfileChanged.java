package dev.rapport.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code dev.rapport.profile.changed.v1}: the whole profile after a change, so that consumers keep
 * a projection by replacing what they hold (newer {@code revision} wins).
 */
public record ProfileChanged(
        UUID customerId,
        long revision,
        PersonName name,
        PostalAddress address,
        String timeZone,
        String locale,
        JsonNode traits,
        LifeFacts lifeFacts,
        List<Identity> identities,
        List<ContactPoint> contactPoints,
        List<ConsentState> consents,
        ContactPreferences preferences,
        CustomerValue value,
        Instant updatedAt) {
}
