package dev.rapport.delivery.policy;

import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;

import java.time.Instant;
import java.util.UUID;

/** A message the conversation history shows as sent to the customer. */
public record Contact(Instant sentAt, Channel channel, CampaignCategory category, UUID campaignId, String offerId) {
}
