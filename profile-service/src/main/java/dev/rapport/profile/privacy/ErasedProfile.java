package dev.rapport.profile.privacy;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The id of an erased customer, without any personal data: late events must not bring it back. */
@Entity
@Table(name = "erased_profile")
public class ErasedProfile extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "erased_at", nullable = false)
    public Instant erasedAt;
}
