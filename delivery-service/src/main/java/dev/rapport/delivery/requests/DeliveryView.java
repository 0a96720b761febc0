package dev.rapport.delivery.requests;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A delivery request's decision and status. */
@Schema(name = "Delivery")
public record DeliveryView(UUID requestId, UUID messageId, UUID customerId, UUID campaignId, String variant, String offerId,
                           String category, String decision, String reason, String channel,
                           @Schema(description = "deferred, queued, sending, sent, failed or suppressed") String status,
                           Instant deferredUntil, int attempts, Instant sentAt, Instant createdAt) {

    public static DeliveryView of(Delivery d) {
        return new DeliveryView(d.requestId, d.messageId, d.customerId, d.campaignId, d.variant, d.offerId, d.category, d.decision,
                d.reason, d.channel, d.status, Delivery.DEFERRED.equals(d.status) ? d.nextAttemptAt : null, d.attempts, d.sentAt, d.createdAt);
    }
}
