package dev.rapport.campaign.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.contracts.events.ProfileMerged;
import dev.rapport.campaign.segments.CustomerViews;
import dev.rapport.campaign.segments.SegmentMembership;
import dev.rapport.campaign.triggers.InteractionTriggers;
import dev.rapport.messaging.customers.CustomerLock;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.messaging.persistence.NativeSql;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Keeps the customers segments are evaluated on, from profile and interaction events. */
@ApplicationScoped
public class CustomerProjection {

    private static final Set<String> VISITS = Set.of("page-view", "product-view", "visit", "store-visit", "cart-add");
    private static final Set<String> PURCHASES = Set.of("purchase", "mail-order");

    private final EventInbox inbox;
    private final ObjectMapper mapper;
    private final InteractionTriggers triggers;
    private final SegmentMembership membership;
    private final CustomerViews customers;

    public CustomerProjection(EventInbox inbox, ObjectMapper mapper, InteractionTriggers triggers, SegmentMembership membership,
                              CustomerViews customers) {
        this.inbox = inbox;
        this.mapper = mapper;
        this.triggers = triggers;
        this.membership = membership;
        this.customers = customers;
    }

    @Incoming("profile-events")
    public Uni<Void> consumeProfiles(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, "campaign-service.profiles", this::applyProfile);
    }

    @Incoming("interaction-events")
    public Uni<Void> consumeInteractions(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, "campaign-service.interactions", this::applyInteraction);
    }

    Uni<Void> applyProfile(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.PROFILE_CHANGED -> {
                ProfileChanged snapshot = event.dataAs(ProfileChanged.class, mapper);
                List<UUID> provisional = provisionalIds(snapshot);
                List<UUID> locked = new ArrayList<>(provisional);
                locked.add(snapshot.customerId());
                yield lockCustomers(locked).flatMap(ignored -> row(snapshot.customerId())).flatMap(row -> {
                    if (row.revision > snapshot.revision()) {
                        return Uni.createFrom().voidItem();
                    }
                    // strays only arise before the identity is known here (after, attributed() finds the customer)
                    List<UUID> known = row.snapshot == null ? List.of() : provisionalIds(row.snapshot);
                    List<UUID> fresh = provisional.stream().filter(id -> !known.contains(id)).toList();
                    row.revision = snapshot.revision();
                    row.snapshot = snapshot;
                    row.updatedAt = Instant.now();
                    return foldIn(row, fresh)
                            .flatMap(ignored -> row.persist())
                            .flatMap(ignored -> refreshMembership(snapshot.customerId()));
                });
            }
            case EventTypes.PROFILE_MERGED -> {
                ProfileMerged merged = event.dataAs(ProfileMerged.class, mapper);
                yield lockCustomers(List.of(merged.survivorId(), merged.mergedId()))
                        .flatMap(locked -> NativeSql.execute("UPDATE customer_purchase SET customer_id = ?1 WHERE customer_id = ?2",
                                merged.survivorId(), merged.mergedId()))
                        .flatMap(ignored -> NativeSql.execute("UPDATE campaign_request SET customer_id = ?1 WHERE customer_id = ?2",
                                merged.survivorId(), merged.mergedId()))
                        .flatMap(ignored -> NativeSql.execute("DELETE FROM segment_member WHERE customer_id = ?1", merged.mergedId()))
                        .flatMap(ignored -> NativeSql.execute("DELETE FROM customer WHERE customer_id = ?1", merged.mergedId()))
                        .replaceWithVoid();
            }
            case EventTypes.PROFILE_ERASED -> {
                List<UUID> ids = event.dataAs(ProfileErased.class, mapper).everyId();
                Uni<Void> chain = lockCustomers(ids);
                for (UUID id : ids) {
                    // entries stay counted in results, without the customer
                    chain = chain.flatMap(ignored -> NativeSql.execute("DELETE FROM customer_purchase WHERE customer_id = ?1", id))
                            .flatMap(ignored -> NativeSql.execute("DELETE FROM segment_member WHERE customer_id = ?1", id))
                            .flatMap(ignored -> NativeSql.execute("UPDATE campaign_request SET customer_id = NULL WHERE customer_id = ?1", id))
                            // an audience run's cursor must not keep the id either: it steps back to the customer before
                            // (none: the start), from where the run goes on with exactly the same customers
                            .flatMap(ignored -> NativeSql.execute("""
                                    UPDATE audience_run SET after_customer = (SELECT customer_id FROM customer WHERE customer_id < ?1
                                                                             ORDER BY customer_id DESC LIMIT 1)
                                    WHERE after_customer = ?1""", id))
                            .flatMap(ignored -> NativeSql.execute("DELETE FROM customer WHERE customer_id = ?1", id))
                            .replaceWithVoid();
                }
                yield chain;
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    Uni<Void> applyInteraction(CloudEvent event) {
        if (!EventTypes.INTERACTION_RECORDED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        InteractionRecorded interaction = event.dataAs(InteractionRecorded.class, mapper);
        if (interaction.customerId() == null || interaction.occurredAt() == null || interaction.type() == null) {
            return Uni.createFrom().voidItem();
        }
        return lockCustomers(List.of(interaction.customerId()))
                .flatMap(locked -> attributed(interaction))
                .flatMap(attributed -> (attributed == interaction ? Uni.createFrom().voidItem() : lockCustomers(List.of(attributed.customerId())))
                        .flatMap(locked -> project(attributed))
                        .flatMap(ignored -> triggers.onInteraction(attributed)));
    }

    /** The provisional ids of the profile's identities other than its own id: what interactions of theirs may be keyed by. */
    private static List<UUID> provisionalIds(ProfileChanged snapshot) {
        if (snapshot.identities() == null) {
            return List.of();
        }
        return snapshot.identities().stream()
                .filter(identity -> identity != null && identity.type() != null && identity.value() != null)
                .map(Identity::provisionalCustomerId)
                .filter(id -> !id.equals(snapshot.customerId()))
                .distinct().toList();
    }

    /**
     * Interactions that came under an identity's provisional id before this profile was known to
     * have the identity (the other order of {@link #attributed}) become the customer's: purchases,
     * order count, revenue and visits move over, and the row kept for the provisional id goes.
     * Rows that have a profile of their own are left alone: profile-service merges those.
     */
    private static Uni<Void> foldIn(CustomerRow row, List<UUID> provisional) {
        if (provisional.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return CustomerRow.<CustomerRow>list("snapshot is null and customerId in ?1", provisional).flatMap(strays -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (CustomerRow stray : strays) {
                row.orderCount += stray.orderCount;
                row.revenue = row.revenue.add(stray.revenue);
                HashMap<String, Instant> visits = new HashMap<>(row.lastVisits);
                stray.lastVisits.forEach((channel, at) -> visits.merge(channel, at, (a, b) -> a.isAfter(b) ? a : b));
                row.lastVisits = visits;
                chain = chain.flatMap(ignored -> NativeSql.execute("UPDATE customer_purchase SET customer_id = ?1 WHERE customer_id = ?2",
                                row.customerId, stray.customerId))
                        .flatMap(ignored -> stray.delete());
            }
            return chain;
        });
    }

    /**
     * The interaction as it belongs here. interaction-service keys an interaction from an identity
     * it does not know (yet) by the identity's provisional id; unless that id is a profile of its
     * own (a prospect first seen with the identity), the interaction is the customer's whose
     * snapshot here has the identity, if there is one: their purchase, their trigger.
     */
    private Uni<InteractionRecorded> attributed(InteractionRecorded interaction) {
        Identity identity = interaction.identity();
        if (identity == null || identity.type() == null || identity.value() == null
                || !identity.provisionalCustomerId().equals(interaction.customerId())) {
            return Uni.createFrom().item(interaction);
        }
        // the row is in the session afterwards, for the projection and the triggers
        return CustomerRow.<CustomerRow>findById(interaction.customerId()).flatMap(own -> own != null && own.snapshot != null
                ? Uni.createFrom().item(interaction)
                : NativeSql.rows("""
                                SELECT customer_id, 1 FROM customer WHERE customer_id <> ?1
                                AND snapshot -> 'identities' @> jsonb_build_array(jsonb_build_object('type', CAST(?2 AS text), 'value', CAST(?3 AS text)))
                                ORDER BY updated_at DESC LIMIT 1""",
                                interaction.customerId(), identity.type().wire(), identity.value())
                        .map(rows -> rows.isEmpty() ? interaction : interaction.withCustomerId((UUID) rows.get(0)[0])));
    }

    /**
     * Profile and interaction events arrive on two consumers at once: what each does for a customer
     * happens under per-customer transaction locks, so an erasure never interleaves with an
     * interaction's writes (which would leave a membership or a customer row behind it). Taken in
     * id order, so two transactions locking several never wait for each other in a circle.
     */
    private static Uni<Void> lockCustomers(List<UUID> ids) {
        return CustomerLock.lock(ids);
    }

    private Uni<Void> refreshMembership(UUID customerId) {
        return customers.one(customerId).flatMap(customer -> membership.refresh(customerId, customer, Instant.now()));
    }

    private Uni<Void> project(InteractionRecorded interaction) {
        if (VISITS.contains(interaction.type()) && interaction.channel() != null) {
            return row(interaction.customerId()).flatMap(row -> {
                Instant last = row.lastVisits.get(interaction.channel().wire());
                if (last == null || interaction.occurredAt().isAfter(last)) {
                    HashMap<String, Instant> visits = new HashMap<>(row.lastVisits);
                    visits.put(interaction.channel().wire(), interaction.occurredAt());
                    row.lastVisits = visits;
                }
                return row.persist().replaceWithVoid();
            });
        }
        if (PURCHASES.contains(interaction.type()) && interaction.interactionId() != null) {
            String categories;
            try {
                categories = mapper.writeValueAsString(categoriesOf(interaction.details()));
            } catch (Exception e) {
                categories = "[]";
            }
            String json = categories;
            return NativeSql.execute("""
                            INSERT INTO customer_purchase (interaction_id, customer_id, occurred_at, categories, amount)
                            VALUES (?1, ?2, CAST(CAST(?3 AS text) AS timestamptz), CAST(CAST(?4 AS text) AS jsonb), ?5)
                            ON CONFLICT (interaction_id) DO NOTHING""",
                    interaction.interactionId(), interaction.customerId(), interaction.occurredAt().toString(), json, interaction.amount())
                    .flatMap(inserted -> inserted == 0 ? Uni.createFrom().voidItem() : row(interaction.customerId()).flatMap(row -> {
                        row.orderCount++;
                        row.revenue = row.revenue.add(interaction.amount() == null ? java.math.BigDecimal.ZERO : interaction.amount());
                        return row.persist().replaceWithVoid();
                    }));
        }
        return Uni.createFrom().voidItem();
    }

    private static List<String> categoriesOf(JsonNode details) {
        List<String> categories = new ArrayList<>();
        if (details != null && details.has("items")) {
            details.get("items").forEach(item -> {
                if (item.hasNonNull("category") && !categories.contains(item.get("category").asText())) {
                    categories.add(item.get("category").asText());
                }
            });
        }
        if (details != null && details.hasNonNull("category") && !categories.contains(details.get("category").asText())) {
            categories.add(details.get("category").asText());
        }
        return categories;
    }

    private static Uni<CustomerRow> row(UUID id) {
        return CustomerRow.<CustomerRow>findById(id).map(row -> row == null ? CustomerRow.empty(id) : row);
    }
}
