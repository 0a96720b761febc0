package dev.rapport.delivery.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.ContactPointInvalidated;
import dev.rapport.contracts.events.DeliveryStatus;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.delivery.conversation.ConversationLog;
import dev.rapport.delivery.customers.CustomerFactsRow;
import dev.rapport.delivery.requests.Delivery;
import dev.rapport.delivery.requests.DeliveryEvents;
import dev.rapport.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What channel providers report after a send: delivered, bounced or complained. A bounce or a
 * complaint marks the contact point invalid here at once (no later send uses it) and is
 * published for profile-service, which owns contact points.
 */
@ApplicationScoped
public class FeedbackService {

    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final DeliveryEvents events;
    private final ConversationLog conversation;

    public FeedbackService(Outbox outbox, ObjectMapper mapper, DeliveryEvents events, ConversationLog conversation) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.events = events;
        this.conversation = conversation;
    }

    /** Emits whether the message exists and was sent. */
    @WithTransaction
    public Uni<Boolean> report(UUID messageId, DeliveryStatus status, String reason) {
        return Delivery.<Delivery>findById(messageId).flatMap(delivery -> {
            if (delivery == null || delivery.sentAt == null) {
                return Uni.createFrom().item(false);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Uni<Void> recorded = conversation.append("status", delivery, status.wire() + (reason == null ? "" : ": " + reason), null)
                    .flatMap(ignored -> events.statusChanged(delivery, status, reason, now));
            if (status == DeliveryStatus.BOUNCED || status == DeliveryStatus.COMPLAINED) {
                recorded = recorded.flatMap(ignored -> invalidate(delivery, status, reason, now));
            }
            return recorded.replaceWith(true);
        });
    }

    private Uni<Void> invalidate(Delivery delivery, DeliveryStatus status, String reason, Instant now) {
        Channel channel = Channel.fromWire(delivery.channel);
        return CustomerFactsRow.<CustomerFactsRow>findById(delivery.customerId).flatMap(row -> {
            if (row == null) {
                return Uni.createFrom().voidItem();
            }
            ProfileChanged s = row.snapshot;
            List<ContactPoint> points = s.contactPoints() == null ? List.of() : s.contactPoints();
            Optional<ContactPoint> used = points.stream().filter(p -> p.channel() == channel && p.valid()).findFirst();
            if (used.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            row.snapshot = new ProfileChanged(s.customerId(), s.revision(), s.name(), s.address(), s.timeZone(), s.locale(), s.traits(),
                    s.lifeFacts(), s.identities(), points.stream().map(p -> p.equals(used.get())
                    ? new ContactPoint(p.channel(), p.address(), false) : p).toList(), s.consents(), s.preferences(), s.value(), s.updatedAt());
            ContactPointInvalidated invalidated = new ContactPointInvalidated(delivery.customerId, channel, used.get().address(),
                    status.wire() + (reason == null ? "" : ": " + reason), delivery.messageId, now);
            return outbox.publish(Topics.DELIVERY_EVENTS, CloudEvent.of(TrackingService.SOURCE, EventTypes.CONTACT_POINT_INVALIDATED,
                    delivery.customerId, invalidated, mapper));
        });
    }
}
