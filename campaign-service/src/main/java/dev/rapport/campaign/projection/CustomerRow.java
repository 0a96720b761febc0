package dev.rapport.campaign.projection;

import dev.rapport.contracts.events.ProfileChanged;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A customer as campaigns see them: the latest profile snapshot and behaviour from interactions. */
@Entity
@Table(name = "customer")
public class CustomerRow extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Column(nullable = false)
    public long revision;

    @JdbcTypeCode(SqlTypes.JSON)
    public ProfileChanged snapshot;

    @Column(name = "order_count", nullable = false)
    public int orderCount;

    @Column(nullable = false)
    public BigDecimal revenue;

    /** Channel to the last visit on it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "last_visits", nullable = false)
    public Map<String, Instant> lastVisits;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static CustomerRow empty(UUID id) {
        CustomerRow row = new CustomerRow();
        row.customerId = id;
        row.revision = 0;
        row.orderCount = 0;
        row.revenue = BigDecimal.ZERO;
        row.lastVisits = new java.util.HashMap<>();
        row.updatedAt = Instant.now();
        return row;
    }
}
