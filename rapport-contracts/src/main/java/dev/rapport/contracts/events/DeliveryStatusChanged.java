package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code dev.rapport.delivery.status-changed.v1}: a sent message was accepted, delivered, failed or bounced. */
public record DeliveryStatusChanged(
        UUID messageId,
        UUID requestId,
        UUID customerId,
        UUID campaignId,
        String variant,
        Channel channel,
        DeliveryStatus status,
        String reason,
        int attempt,
        Instant at) {
}
