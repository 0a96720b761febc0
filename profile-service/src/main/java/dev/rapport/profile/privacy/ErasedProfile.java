package dev.rapport.profile.privacy;

import dev.rapport.messaging.customers.ErasedCustomers;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An erased customer: late events must not bring it back. Only a one-way hash of the id is kept,
 * not the id itself: nothing about the customer remains, yet a late event naming the id is
 * recognised. The hash is that of {@link ErasedCustomers#hashOf}, which the V2 migration computes
 * the same way in SQL.
 */
@Entity
@Table(name = "erased_profile")
public class ErasedProfile extends PanacheEntityBase {

    @Id
    @Column(name = "id_hash")
    public UUID idHash;

    @Column(name = "erased_at", nullable = false)
    public Instant erasedAt;

    public static UUID hashOf(UUID customerId) {
        return ErasedCustomers.hashOf(customerId);
    }

    /** Whether the customer with this id was erased. */
    public static Uni<Boolean> isErased(UUID customerId) {
        return ErasedProfile.<ErasedProfile>findById(hashOf(customerId)).map(found -> found != null);
    }

    /** Records the erasure of the id, once. */
    static Uni<Void> record(UUID customerId, Instant at) {
        UUID hash = hashOf(customerId);
        return ErasedProfile.<ErasedProfile>findById(hash).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            ErasedProfile tombstone = new ErasedProfile();
            tombstone.idHash = hash;
            tombstone.erasedAt = at;
            return tombstone.persist().replaceWithVoid();
        });
    }
}
