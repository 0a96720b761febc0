package dev.rapport.profile.value;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A purchase counted toward a customer's value, once per interaction. */
@Entity
@Table(name = "purchase")
public class Purchase extends PanacheEntityBase {

    @Id
    @Column(name = "interaction_id")
    public UUID interactionId;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(nullable = false)
    public BigDecimal amount;

    public String currency;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
}
