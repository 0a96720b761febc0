package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code dev.rapport.delivery.requested.v1}: a campaign wants to talk to a customer. The
 * {@code requestId} is deterministic (campaign, version, customer, trigger), so a redelivered
 * trigger yields the same request and delivery-service handles it once.
 */
public record DeliveryRequested(
        UUID requestId,
        UUID customerId,
        UUID campaignId,
        int campaignVersion,
        String variant,
        String offerId,
        CampaignCategory category,
        int priority,
        List<Channel> allowedChannels,
        List<Channel> preferredChannels,
        List<ChannelContent> content,
        Instant notBefore,
        Instant expiresAt) {
}
