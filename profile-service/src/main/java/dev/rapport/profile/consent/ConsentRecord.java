package dev.rapport.profile.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One consent statement in the append-only audit trail; never updated, never deleted except by erasure. */
@Entity
@Table(name = "consent_record")
public class ConsentRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(nullable = false)
    public String channel;

    @Column(nullable = false)
    public String purpose;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String source;

    public String proof;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    /** The customer's trail in the order it was written. */
    public static Uni<List<ConsentRecord>> trailOf(UUID customerId) {
        return list("customerId = ?1 order by id", customerId);
    }
}
