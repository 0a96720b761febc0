package dev.rapport.delivery.customers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.contracts.events.ProfileMerged;
import dev.rapport.delivery.conversation.ConversationEntry;
import dev.rapport.delivery.requests.DeliveryService;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.messaging.inbox.RejectedEventException;
import dev.rapport.messaging.persistence.NativeSql;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What delivery-service learns from other services: profile snapshots (consent, preferences,
 * contact points, time zone, name and address), merges and erasures; and the customer's responses
 * from interaction events, which join the conversation and stop a campaign for them.
 */
@ApplicationScoped
public class CustomerProjection {

    /** Responses that stop a campaign for the customer. */
    private static final Set<String> RESPONSES = Set.of("click", "reply", "purchase", "mail-order", "call", "unsubscribe");
    /** Inbound interactions that join the conversation when they name a message or campaign. */
    private static final Set<String> LINKED = Set.of("open", "click", "reply", "purchase", "mail-order", "call", "unsubscribe", "complaint");

    private final EventInbox inbox;
    private final ObjectMapper mapper;

    public CustomerProjection(EventInbox inbox, ObjectMapper mapper) {
        this.inbox = inbox;
        this.mapper = mapper;
    }

    @Incoming("profile-events")
    public Uni<Void> consumeProfiles(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, "delivery-service.profiles", this::applyProfile);
    }

    @Incoming("interaction-events")
    public Uni<Void> consumeInteractions(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, "delivery-service.interactions", this::applyInteraction);
    }

    Uni<Void> applyProfile(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.PROFILE_CHANGED -> changed(event.dataAs(ProfileChanged.class, mapper));
            case EventTypes.PROFILE_MERGED -> merged(event.dataAs(ProfileMerged.class, mapper));
            case EventTypes.PROFILE_ERASED -> erased(event.dataAs(ProfileErased.class, mapper));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> changed(ProfileChanged snapshot) {
        check(snapshot);
        return CustomerFactsRow.<CustomerFactsRow>findById(snapshot.customerId()).flatMap(row -> {
            if (row != null && row.revision > snapshot.revision()) {
                return Uni.createFrom().voidItem();
            }
            CustomerFactsRow next = row == null ? new CustomerFactsRow() : row;
            next.customerId = snapshot.customerId();
            next.revision = snapshot.revision();
            next.snapshot = snapshot;
            next.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return row == null ? next.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    /** Every later decision for the customer reads the snapshot: one with gaps would fail them all, so it is refused here. */
    private static void check(ProfileChanged snapshot) {
        if (snapshot.customerId() == null) {
            throw new RejectedEventException("a profile snapshot needs its customerId");
        }
        if (snapshot.contactPoints() != null && snapshot.contactPoints().stream().anyMatch(point -> point == null || point.channel() == null)) {
            throw new RejectedEventException("every contact point of a profile snapshot needs its channel");
        }
        if (snapshot.consents() != null && snapshot.consents().stream()
                .anyMatch(consent -> consent == null || consent.channel() == null || consent.purpose() == null || consent.status() == null)) {
            throw new RejectedEventException("every consent of a profile snapshot needs channel, purpose and status");
        }
    }

    private Uni<Void> merged(ProfileMerged merged) {
        return execute("UPDATE delivery SET customer_id = ?1 WHERE customer_id = ?2", merged.survivorId(), merged.mergedId())
                .flatMap(ignored -> execute("UPDATE conversation_entry SET customer_id = ?1 WHERE customer_id = ?2", merged.survivorId(), merged.mergedId()))
                .flatMap(ignored -> execute("UPDATE channel_item SET customer_id = ?1 WHERE customer_id = ?2", merged.survivorId(), merged.mergedId()))
                .flatMap(ignored -> execute("INSERT INTO campaign_response (customer_id, campaign_id) SELECT ?1, campaign_id FROM campaign_response "
                        + "WHERE customer_id = ?2 ON CONFLICT DO NOTHING", merged.survivorId(), merged.mergedId()))
                .flatMap(ignored -> execute("DELETE FROM campaign_response WHERE customer_id = ?1", merged.mergedId()))
                .flatMap(ignored -> execute("DELETE FROM customer_facts WHERE customer_id = ?1", merged.mergedId()));
    }

    private Uni<Void> erased(ProfileErased erased) {
        List<UUID> ids = erased.everyId().stream().distinct().sorted().toList();
        // under the customers' locks: a request being decided or a response joining the conversation finishes first
        // (and is erased) or starts after (and finds nothing), never leaves a row behind
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : ids) {
            chain = chain.flatMap(ignored -> DeliveryService.lockCustomer(id));
        }
        for (UUID id : ids) {
            for (String table : List.of("delivery", "conversation_entry", "channel_item", "campaign_response", "customer_facts")) {
                chain = chain.flatMap(ignored -> execute("DELETE FROM " + table + " WHERE customer_id = ?1", id));
            }
        }
        return chain;
    }

    Uni<Void> applyInteraction(CloudEvent event) {
        if (!EventTypes.INTERACTION_RECORDED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        InteractionRecorded interaction = event.dataAs(InteractionRecorded.class, mapper);
        // responses tracked here come back from interaction-service: they are in the conversation already
        if (interaction.clientEventId() != null && interaction.clientEventId().startsWith("tracking:")) {
            return Uni.createFrom().voidItem();
        }
        if (interaction.customerId() == null || interaction.direction() == null || !"inbound".equals(interaction.direction().wire())
                || (interaction.messageId() == null && interaction.campaignId() == null) || !LINKED.contains(interaction.type())) {
            return Uni.createFrom().voidItem();
        }
        ConversationEntry entry = new ConversationEntry();
        entry.customerId = interaction.customerId();
        entry.kind = "response";
        entry.messageId = interaction.messageId();
        entry.channel = interaction.channel() == null ? null : interaction.channel().wire();
        entry.campaignId = interaction.campaignId();
        entry.variant = interaction.variant();
        entry.reason = interaction.type();
        entry.detail = mapper.valueToTree(java.util.Map.of("interactionId", String.valueOf(interaction.interactionId()),
                "type", interaction.type(), "details", interaction.details() == null ? mapper.createObjectNode() : interaction.details()));
        entry.at = interaction.occurredAt() == null ? Instant.now() : interaction.occurredAt();
        Uni<Void> stop = interaction.campaignId() != null && RESPONSES.contains(interaction.type())
                ? execute("INSERT INTO campaign_response (customer_id, campaign_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                        interaction.customerId(), interaction.campaignId())
                : Uni.createFrom().voidItem();
        return DeliveryService.lockCustomer(interaction.customerId())
                .flatMap(locked -> entry.persist())
                .flatMap(ignored -> stop);
    }

    private static Uni<Void> execute(String sql, Object... parameters) {
        return NativeSql.execute(sql, parameters).replaceWithVoid();
    }
}
