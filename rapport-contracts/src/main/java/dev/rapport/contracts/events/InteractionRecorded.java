package dev.rapport.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code dev.rapport.interaction.recorded.v1}: one touch point, stored once. {@code details}
 * holds the typed payload of the interaction type (e.g. purchase items, call reason).
 */
public record InteractionRecorded(
        UUID interactionId,
        String clientEventId,
        UUID customerId,
        Identity identity,
        Channel channel,
        Direction direction,
        String type,
        Instant occurredAt,
        Instant recordedAt,
        UUID campaignId,
        UUID messageId,
        String variant,
        BigDecimal amount,
        String currency,
        JsonNode details) {

    /** The same interaction, as a different customer's (one it was attributed to after it was recorded). */
    public InteractionRecorded withCustomerId(UUID customer) {
        return new InteractionRecorded(interactionId, clientEventId, customer, identity, channel, direction, type, occurredAt, recordedAt,
                campaignId, messageId, variant, amount, currency, details);
    }
}
