package dev.rapport.delivery.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.delivery.requests.Delivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Appends to the customer's conversation, inside the caller's transaction. */
@ApplicationScoped
public class ConversationLog {

    public Uni<Void> append(String kind, Delivery delivery, String reason, JsonNode detail) {
        ConversationEntry entry = new ConversationEntry();
        entry.customerId = delivery.customerId;
        entry.kind = kind;
        entry.messageId = delivery.messageId;
        entry.requestId = delivery.requestId;
        entry.channel = delivery.channel;
        entry.campaignId = delivery.campaignId;
        entry.offerId = delivery.offerId;
        entry.variant = delivery.variant;
        entry.category = delivery.category;
        entry.decision = "decision".equals(kind) ? delivery.decision : null;
        entry.reason = reason;
        entry.deferredUntil = Delivery.DEFERRED.equals(delivery.status) && "decision".equals(kind) ? delivery.nextAttemptAt : null;
        entry.detail = detail;
        entry.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return entry.persist().replaceWithVoid();
    }

    public Uni<Void> append(ConversationEntry entry) {
        return entry.persist().replaceWithVoid();
    }
}
