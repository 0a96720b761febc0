package dev.rapport.profile.identity;

import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One way to recognise a customer; (type, value) belongs to exactly one profile. */
@Entity
@Table(name = "profile_identity")
public class ProfileIdentity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    /** The wire name of the {@link IdentityType}. */
    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String value;

    /** False once a bounce or complaint showed the contact point must not be used. */
    @Column(nullable = false)
    public boolean valid;

    @Column(name = "invalid_reason")
    public String invalidReason;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    public static ProfileIdentity of(UUID customerId, Identity identity, Instant now) {
        ProfileIdentity row = new ProfileIdentity();
        row.id = UUID.randomUUID();
        row.customerId = customerId;
        row.type = identity.type().wire();
        row.value = identity.value();
        row.valid = true;
        row.addedAt = now;
        return row;
    }

    public Identity asIdentity() {
        return new Identity(IdentityType.fromWire(type), value);
    }

    public static Uni<ProfileIdentity> findByIdentity(Identity identity) {
        return find("type = ?1 and value = ?2", identity.type().wire(), identity.value()).firstResult();
    }

    public static Uni<List<ProfileIdentity>> listOf(UUID customerId) {
        return list("customerId = ?1 order by type, value", customerId);
    }
}
