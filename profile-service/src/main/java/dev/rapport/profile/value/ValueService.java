package dev.rapport.profile.value;

import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.LifecycleStage;
import dev.rapport.contracts.events.ValueTier;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** Keeps a customer's value current from purchases; runs inside the caller's transaction. */
@ApplicationScoped
public class ValueService {

    private final ValueConfig config;
    /** Set when revenue changed: the tiers of everyone may have shifted. */
    private final AtomicBoolean tiersStale = new AtomicBoolean(true);

    public ValueService(ValueConfig config) {
        this.config = config;
    }

    /** Counts the purchase unless it was counted before; emits whether it was new. */
    public Uni<Boolean> recordPurchase(UUID customerId, InteractionRecorded purchase) {
        return ValueLock.forWriting().flatMap(locked -> Panache.getSession()).flatMap(session -> session.createNativeQuery("""
                        INSERT INTO purchase (interaction_id, customer_id, amount, currency, occurred_at)
                        VALUES (:interaction, :customer, :amount, :currency, :occurred)
                        ON CONFLICT (interaction_id) DO NOTHING""")
                .setParameter("interaction", purchase.interactionId())
                .setParameter("customer", customerId)
                .setParameter("amount", purchase.amount())
                .setParameter("currency", purchase.currency())
                .setParameter("occurred", purchase.occurredAt())
                .executeUpdate()
                .flatMap(inserted -> inserted == 0
                        ? Uni.createFrom().item(false)
                        : recompute(customerId).replaceWith(true)));
    }

    /** Recomputes the customer's metrics from the purchases counted for them. */
    public Uni<CustomerValueRow> recompute(UUID customerId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery("""
                        select count(p), coalesce(sum(p.amount), 0), min(p.occurredAt), max(p.occurredAt), max(p.currency)
                        from Purchase p where p.customerId = :customer""", Object[].class)
                .setParameter("customer", customerId)
                .getSingleResult())
                .flatMap(totals -> CustomerValueRow.<CustomerValueRow>findById(customerId).flatMap(existing -> {
                    CustomerValueRow row = existing == null ? newRow(customerId) : existing;
                    int orders = ((Number) totals[0]).intValue();
                    BigDecimal revenue = (BigDecimal) totals[1];
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    ValueScoring.Scores scores = ValueScoring.score(orders, revenue, (Instant) totals[2], (Instant) totals[3],
                            now, config.lifetimeHorizonYears());
                    row.orderCount = orders;
                    row.revenue = revenue;
                    row.averageOrder = scores.averageOrder();
                    row.currency = (String) totals[4];
                    row.firstPurchaseAt = (Instant) totals[2];
                    row.lastPurchaseAt = (Instant) totals[3];
                    row.recencyScore = scores.recency();
                    row.frequencyScore = scores.frequency();
                    row.lifecycle = scores.lifecycle().wire();
                    row.expectedLifetimeValue = scores.expectedLifetimeValue();
                    if (orders > 0 && ValueTier.NONE.wire().equals(row.tier)) {
                        // until the next tier recomputation ranks them among everyone
                        row.tier = ValueTier.LOW.wire();
                        row.monetaryScore = 1;
                    } else if (orders == 0) {
                        row.tier = ValueTier.NONE.wire();
                        row.monetaryScore = 0;
                    }
                    row.updatedAt = now;
                    tiersStale.set(true);
                    return existing == null ? row.persist().replaceWith(row) : Uni.createFrom().item(row);
                }));
    }

    /** Whether tiers need recomputing; clears the flag. */
    boolean takeTiersStale() {
        return tiersStale.getAndSet(false);
    }

    void markTiersStale() {
        tiersStale.set(true);
    }

    private static CustomerValueRow newRow(UUID customerId) {
        CustomerValueRow row = new CustomerValueRow();
        row.customerId = customerId;
        row.tier = ValueTier.NONE.wire();
        row.lifecycle = LifecycleStage.PROSPECT.wire();
        return row;
    }
}
