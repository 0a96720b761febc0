package dev.rapport.delivery.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentRevoked;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ResponseKind;
import dev.rapport.contracts.events.ResponseTracked;
import dev.rapport.delivery.conversation.ConversationEntry;
import dev.rapport.delivery.customers.CustomerFactsRow;
import dev.rapport.delivery.requests.Delivery;
import dev.rapport.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records what a customer did with a message: opens and clicks join the conversation and are
 * published; a click also stops the campaign for them; a one-click unsubscribe revokes the
 * consent for the message's channel and purpose here at once (no later send can pass) and is
 * published for profile-service to record.
 */
@ApplicationScoped
public class TrackingService {

    static final String SOURCE = "/rapport/delivery-service";

    private final Outbox outbox;
    private final ObjectMapper mapper;

    public TrackingService(Outbox outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    /** Emits whether the message exists. */
    @WithTransaction
    public Uni<Boolean> track(UUID messageId, ResponseKind kind, String target) {
        return Delivery.<Delivery>findById(messageId).flatMap(delivery -> {
            if (delivery == null || delivery.channel == null) {
                return Uni.createFrom().item(false);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Channel channel = Channel.fromWire(delivery.channel);
            ResponseTracked tracked = new ResponseTracked(delivery.messageId, delivery.customerId, delivery.campaignId, delivery.variant,
                    delivery.offerId, channel, kind, target, now);
            Uni<Void> effects = response(delivery, kind, target, now)
                    .flatMap(ignored -> outbox.publish(Topics.DELIVERY_EVENTS,
                            CloudEvent.of(SOURCE, EventTypes.RESPONSE_TRACKED, delivery.customerId, tracked, mapper)));
            if (kind == ResponseKind.CLICK && delivery.campaignId != null) {
                effects = effects.flatMap(ignored -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "INSERT INTO campaign_response (customer_id, campaign_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                        .setParameter(1, delivery.customerId).setParameter(2, delivery.campaignId).executeUpdate()).replaceWithVoid());
            }
            if (kind == ResponseKind.UNSUBSCRIBE) {
                effects = effects.flatMap(ignored -> revoke(delivery, channel, now));
            }
            return effects.replaceWith(true);
        });
    }

    /** The channels Rapport sends on: a one-click unsubscribe opts the customer out of the purpose on all of them. */
    private static final List<Channel> SENDING = List.of(Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEB, Channel.APP, Channel.PHONE,
            Channel.MAIL);

    /**
     * A customer who unsubscribes from one promotional mail does not want the same kind of message
     * by SMS instead: the purpose is revoked on every channel, each recorded with the message it came from.
     */
    private Uni<Void> revoke(Delivery delivery, Channel channel, Instant now) {
        ConsentPurpose purpose = ConsentPurpose.fromWire(delivery.category);
        return CustomerFactsRow.<CustomerFactsRow>findById(delivery.customerId).flatMap(row -> {
            if (row != null) {
                ProfileChanged s = row.snapshot;
                List<ConsentState> consents = new ArrayList<>(s.consents() == null ? List.of() : s.consents());
                SENDING.forEach(revoked -> consents.add(new ConsentState(revoked, purpose, ConsentStatus.OPT_OUT, "one-click-unsubscribe", now)));
                row.snapshot = new ProfileChanged(s.customerId(), s.revision(), s.name(), s.address(), s.timeZone(), s.locale(), s.traits(),
                        s.lifeFacts(), s.identities(), s.contactPoints(), consents, s.preferences(), s.value(), s.updatedAt());
            }
            List<CloudEvent> events = SENDING.stream().map(revoked -> CloudEvent.of(SOURCE, EventTypes.CONSENT_REVOKED, delivery.customerId,
                    new ConsentRevoked(delivery.customerId, revoked, purpose, "one-click-unsubscribe",
                            "List-Unsubscribe-Post one-click request for message " + delivery.messageId + " on " + channel.wire(),
                            delivery.messageId, now), mapper)).toList();
            return outbox.publishAll(Topics.DELIVERY_EVENTS, events);
        });
    }

    private Uni<Void> response(Delivery delivery, ResponseKind kind, String target, Instant now) {
        ConversationEntry entry = new ConversationEntry();
        entry.customerId = delivery.customerId;
        entry.kind = "response";
        entry.messageId = delivery.messageId;
        entry.requestId = delivery.requestId;
        entry.channel = delivery.channel;
        entry.campaignId = delivery.campaignId;
        entry.offerId = delivery.offerId;
        entry.variant = delivery.variant;
        entry.category = delivery.category;
        entry.reason = kind.wire();
        entry.detail = target == null ? null : mapper.createObjectNode().put("url", target);
        entry.at = now;
        return entry.persist().replaceWithVoid();
    }
}
