package dev.rapport.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code dev.rapport.interaction.submitted.v1}, on {@code rapport.interaction.ingest}: a channel
 * app's interaction, naming the customer by id or by identity. Key and subject are the customer id
 * or, when only an identity is known, its {@code type:value}.
 */
public record InteractionSubmitted(
        String clientEventId,
        UUID customerId,
        Identity identity,
        Channel channel,
        Direction direction,
        String type,
        Instant occurredAt,
        UUID campaignId,
        UUID messageId,
        BigDecimal amount,
        String currency,
        JsonNode details) {
}
