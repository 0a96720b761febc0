package dev.rapport.delivery.customers;

import dev.rapport.contracts.events.ProfileChanged;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** The latest profile snapshot of a customer, as profile-service published it. */
@Entity
@Table(name = "customer_facts")
public class CustomerFactsRow extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Column(nullable = false)
    public long revision;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public ProfileChanged snapshot;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
