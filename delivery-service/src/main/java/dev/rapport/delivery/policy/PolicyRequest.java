package dev.rapport.delivery.policy;

import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What is asked: a message of a category, for a campaign and offer, on one of the allowed channels, within a validity window. */
public record PolicyRequest(CampaignCategory category, UUID campaignId, String offerId, List<Channel> allowedChannels,
                            List<Channel> preferredChannels, Instant notBefore, Instant expiresAt) {
}
