package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code dev.rapport.delivery.response-tracked.v1}: an open, click or unsubscribe on a message delivery-service sent. */
public record ResponseTracked(
        UUID messageId,
        UUID customerId,
        UUID campaignId,
        String variant,
        String offerId,
        Channel channel,
        ResponseKind kind,
        String target,
        Instant at) {
}
