package dev.rapport.interaction.customers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.contracts.events.ProfileMerged;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.messaging.persistence.NativeSql;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.UUID;

/**
 * Keeps what interaction-service needs from profiles: identity to customer, merges and erasures.
 * History recorded under a provisional id (an identity nobody knew yet) moves to the customer
 * the identity turns out to belong to; a merged customer's history moves to the survivor; an
 * erased customer's history is deleted.
 */
@ApplicationScoped
public class ProfileProjection {

    static final String CONSUMER = "interaction-service.profiles";

    private final EventInbox inbox;
    private final ObjectMapper mapper;

    public ProfileProjection(EventInbox inbox, ObjectMapper mapper) {
        this.inbox = inbox;
        this.mapper = mapper;
    }

    @Incoming("profile-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, CONSUMER, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.PROFILE_CHANGED -> changed(event.dataAs(ProfileChanged.class, mapper));
            case EventTypes.PROFILE_MERGED -> merged(event.dataAs(ProfileMerged.class, mapper));
            case EventTypes.PROFILE_ERASED -> erased(event.dataAs(ProfileErased.class, mapper));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> changed(ProfileChanged profile) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Identity identity : profile.identities() == null ? List.<Identity>of() : profile.identities()) {
            chain = chain.flatMap(ignored -> execute("""
                            INSERT INTO known_identity (type, value, customer_id) VALUES (?1, ?2, ?3)
                            ON CONFLICT (type, value) DO UPDATE SET customer_id = EXCLUDED.customer_id""",
                    identity.type().wire(), identity.value(), profile.customerId()));
            UUID provisional = identity.provisionalCustomerId();
            if (!provisional.equals(profile.customerId())) {
                chain = chain.flatMap(ignored -> rekey(provisional, profile.customerId()));
            }
        }
        return chain;
    }

    private Uni<Void> merged(ProfileMerged merged) {
        return execute("""
                        INSERT INTO merged_customer (merged_id, survivor_id) VALUES (?1, ?2)
                        ON CONFLICT (merged_id) DO UPDATE SET survivor_id = EXCLUDED.survivor_id""",
                merged.mergedId(), merged.survivorId())
                .flatMap(ignored -> execute("UPDATE merged_customer SET survivor_id = ?1 WHERE survivor_id = ?2",
                        merged.survivorId(), merged.mergedId()))
                .flatMap(ignored -> execute("UPDATE known_identity SET customer_id = ?1 WHERE customer_id = ?2",
                        merged.survivorId(), merged.mergedId()))
                .flatMap(ignored -> rekey(merged.mergedId(), merged.survivorId()));
    }

    private Uni<Void> erased(ProfileErased erased) {
        List<UUID> ids = erased.everyId();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : ids) {
            chain = chain.flatMap(ignored -> execute("DELETE FROM interaction WHERE customer_id = ?1", id))
                    .flatMap(ignored -> execute("DELETE FROM known_identity WHERE customer_id = ?1", id))
                    .flatMap(ignored -> execute("DELETE FROM merged_customer WHERE merged_id = ?1 OR survivor_id = ?1", id));
        }
        if (erased.identities() != null) {
            for (Identity identity : erased.identities()) {
                chain = chain.flatMap(ignored -> execute("DELETE FROM interaction WHERE identity_type = ?1 AND identity_value = ?2",
                        identity.type().wire(), identity.value()));
            }
        }
        return chain;
    }

    private static Uni<Void> rekey(UUID from, UUID to) {
        return execute("UPDATE interaction SET customer_id = ?1 WHERE customer_id = ?2", to, from);
    }

    private static Uni<Void> execute(String sql, Object... parameters) {
        return NativeSql.execute(sql, parameters).replaceWithVoid();
    }
}
