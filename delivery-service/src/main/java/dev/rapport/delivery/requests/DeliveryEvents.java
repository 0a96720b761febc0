package dev.rapport.delivery.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.WireName;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.DeliveryStatus;
import dev.rapport.contracts.events.DeliveryStatusChanged;
import dev.rapport.messaging.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Publishes every decision and status change on {@code rapport.delivery.events}, through the outbox. */
@ApplicationScoped
public class DeliveryEvents {

    static final String SOURCE = "/rapport/delivery-service";

    private final Outbox outbox;
    private final ObjectMapper mapper;

    public DeliveryEvents(Outbox outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    public Uni<Void> decided(Delivery delivery, Instant at) {
        DeliveryDecided decided = new DeliveryDecided(delivery.requestId, delivery.messageId, delivery.customerId, delivery.campaignId,
                delivery.variant, delivery.offerId, WireName.parse(CampaignCategory.class, delivery.category),
                delivery.channel == null ? null : Channel.fromWire(delivery.channel), Decision.fromWire(delivery.decision),
                delivery.reason, Delivery.DEFERRED.equals(delivery.status) ? delivery.nextAttemptAt : null, at);
        return outbox.publish(Topics.DELIVERY_EVENTS, CloudEvent.of(SOURCE, EventTypes.DELIVERY_DECIDED, delivery.customerId, decided, mapper));
    }

    public Uni<Void> statusChanged(Delivery delivery, DeliveryStatus status, String reason, Instant at) {
        DeliveryStatusChanged changed = new DeliveryStatusChanged(delivery.messageId, delivery.requestId, delivery.customerId,
                delivery.campaignId, delivery.variant, Channel.fromWire(delivery.channel), status, reason, delivery.attempts, at);
        return outbox.publish(Topics.DELIVERY_EVENTS, CloudEvent.of(SOURCE, EventTypes.DELIVERY_STATUS_CHANGED, delivery.customerId, changed, mapper));
    }
}
