package dev.rapport.profile.value;

import dev.rapport.contracts.events.CustomerValue;
import dev.rapport.contracts.events.LifecycleStage;
import dev.rapport.contracts.events.ValueTier;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The stored value metrics of one customer. */
@Entity
@Table(name = "customer_value")
public class CustomerValueRow extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "order_count", nullable = false)
    public int orderCount;

    @Column(nullable = false)
    public BigDecimal revenue;

    @Column(name = "average_order", nullable = false)
    public BigDecimal averageOrder;

    public String currency;

    @Column(name = "first_purchase_at")
    public Instant firstPurchaseAt;

    @Column(name = "last_purchase_at")
    public Instant lastPurchaseAt;

    @Column(name = "recency_score", nullable = false)
    public int recencyScore;

    @Column(name = "frequency_score", nullable = false)
    public int frequencyScore;

    @Column(name = "monetary_score", nullable = false)
    public int monetaryScore;

    @Column(nullable = false)
    public String tier;

    @Column(nullable = false)
    public String lifecycle;

    @Column(name = "expected_lifetime_value", nullable = false)
    public BigDecimal expectedLifetimeValue;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public CustomerValue asValue() {
        return new CustomerValue(orderCount, revenue, averageOrder, currency, firstPurchaseAt, lastPurchaseAt,
                recencyScore, frequencyScore, monetaryScore, ValueTier.fromWire(tier), LifecycleStage.fromWire(lifecycle),
                expectedLifetimeValue);
    }

    /** What a customer without purchases is worth. */
    public static CustomerValue none() {
        return new CustomerValue(0, BigDecimal.ZERO, BigDecimal.ZERO, null, null, null, 0, 0, 0, ValueTier.NONE,
                LifecycleStage.PROSPECT, BigDecimal.ZERO);
    }
}
