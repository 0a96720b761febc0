package dev.rapport.delivery.requests;

import dev.rapport.contracts.WireName;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.delivery.conversation.ConversationLog;
import dev.rapport.delivery.customers.CustomerFactsService;
import dev.rapport.delivery.policy.Contact;
import dev.rapport.delivery.policy.ContactPolicy;
import dev.rapport.delivery.policy.ContactPolicyStore;
import dev.rapport.delivery.policy.PolicyDecision;
import dev.rapport.delivery.policy.PolicyRequest;
import dev.rapport.messaging.customers.CustomerLock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Takes delivery requests through the contact policy. Everything for one customer happens under a
 * per-customer database lock held until the transaction ends, so two requests for the same
 * customer, on any replica, are decided one after the other against the history including each
 * other: a cap can never be passed twice.
 */
@ApplicationScoped
public class DeliveryService {

    private final CustomerFactsService customers;
    private final ContactPolicyStore policies;
    private final ConversationLog conversation;
    private final DeliveryEvents events;
    private final Sender sender;

    public DeliveryService(CustomerFactsService customers, ContactPolicyStore policies, ConversationLog conversation,
                           DeliveryEvents events, Sender sender) {
        this.customers = customers;
        this.policies = policies;
        this.conversation = conversation;
        this.events = events;
        this.sender = sender;
    }

    /** Decides and records a request inside the caller's transaction; a request seen before returns what was decided then. */
    public Uni<Delivery> request(DeliveryRequested request) {
        return lockCustomer(request.customerId())
                .flatMap(locked -> Delivery.<Delivery>find("requestId", request.requestId()).<Delivery>firstResult())
                .flatMap((Delivery existing) -> {
                    if (existing != null) {
                        return Uni.createFrom().item(existing);
                    }
                    Delivery delivery = fromRequest(request);
                    return conversation.append("request", delivery, null, null)
                            .flatMap(ignored -> decide(delivery, true));
                });
    }

    /** Decides a deferred delivery again, now; inside the caller's transaction. */
    public Uni<Delivery> redecide(Delivery delivery) {
        return lockCustomer(delivery.customerId).flatMap(locked -> decide(delivery, false));
    }

    private Uni<Delivery> decide(Delivery delivery, boolean isNew) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return customers.load(delivery.customerId).flatMap(facts -> history(delivery.customerId, delivery.messageId)
                .flatMap(history -> policies.current().flatMap(company -> {
                    PolicyDecision decision = ContactPolicy.decide(policyRequest(delivery), facts, history, company, now);
                    delivery.decision = decision.decision().wire();
                    delivery.decidedAt = now;
                    delivery.reason = decision.reason();
                    delivery.channel = decision.channel() == null ? null : decision.channel().wire();
                    delivery.status = switch (decision.decision()) {
                        case SENT -> Delivery.QUEUED;
                        case DEFERRED -> Delivery.DEFERRED;
                        case SUPPRESSED -> Delivery.SUPPRESSED;
                    };
                    delivery.nextAttemptAt = decision.decision() == Decision.DEFERRED ? decision.deferredUntil()
                            : decision.decision() == Decision.SENT ? now : null;
                    Uni<Void> stored = isNew ? delivery.persist().replaceWithVoid() : Uni.createFrom().voidItem();
                    return stored
                            .flatMap(ignored -> conversation.append("decision", delivery, decision.reason(), null))
                            .flatMap(ignored -> events.decided(delivery, now))
                            .invoke(() -> {
                                if (decision.decision() == Decision.SENT) {
                                    sender.nudge();
                                }
                            })
                            .replaceWith(delivery);
                })));
    }

    /** Messages that count as contacts: decided to send (queued, being sent or sent) within the last year. */
    private static Uni<List<Contact>> history(UUID customerId, UUID except) {
        return Delivery.<Delivery>list("customerId = ?1 and status in ?2 and createdAt > ?3 and messageId <> ?4", customerId,
                        List.of(Delivery.QUEUED, Delivery.SENDING, Delivery.SENT), Instant.now().minus(Duration.ofDays(365)), except)
                .map(rows -> rows.stream().map(row -> new Contact(row.sentAt != null ? row.sentAt
                        : row.decidedAt != null ? row.decidedAt : row.createdAt, Channel.fromWire(row.channel),
                        WireName.parse(CampaignCategory.class, row.category), row.campaignId, row.offerId)).toList());
    }

    private static PolicyRequest policyRequest(Delivery delivery) {
        return new PolicyRequest(WireName.parse(CampaignCategory.class, delivery.category), delivery.campaignId, delivery.offerId,
                delivery.spec.allowedChannels(), delivery.spec.preferredChannels(), delivery.notBefore, delivery.expiresAt);
    }

    /**
     * The per-customer lock, held until the transaction ends: deciding, and whatever else must not
     * interleave with it for the same customer (an erasure, a response joining the conversation).
     */
    public static Uni<Void> lockCustomer(UUID customerId) {
        return CustomerLock.lock(customerId);
    }

    private static Delivery fromRequest(DeliveryRequested request) {
        Delivery delivery = new Delivery();
        delivery.messageId = UUID.nameUUIDFromBytes(("rapport:message:" + request.requestId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        delivery.requestId = request.requestId();
        delivery.customerId = request.customerId();
        delivery.campaignId = request.campaignId();
        delivery.campaignVersion = request.campaignVersion();
        delivery.variant = request.variant();
        delivery.offerId = request.offerId();
        delivery.category = request.category().wire();
        delivery.priority = request.priority();
        delivery.spec = new Delivery.Spec(request.allowedChannels(), request.preferredChannels(),
                request.content() == null ? List.of() : request.content());
        delivery.notBefore = request.notBefore();
        delivery.expiresAt = request.expiresAt();
        delivery.attempts = 0;
        delivery.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return delivery;
    }
}
