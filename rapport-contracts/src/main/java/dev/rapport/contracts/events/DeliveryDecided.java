package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code dev.rapport.delivery.decided.v1}: what the contact policy decided for a request, on which
 * channel and why; {@code deferredUntil} is set for {@code deferred}, {@code reason} for {@code suppressed}.
 */
public record DeliveryDecided(
        UUID requestId,
        UUID messageId,
        UUID customerId,
        UUID campaignId,
        String variant,
        String offerId,
        CampaignCategory category,
        Channel channel,
        Decision decision,
        String reason,
        Instant deferredUntil,
        Instant decidedAt) {
}
