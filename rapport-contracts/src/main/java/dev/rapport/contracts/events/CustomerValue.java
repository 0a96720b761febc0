package dev.rapport.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/** Purchase-based value of a customer; RFM scores run from 1 (low) to 5 (high). */
public record CustomerValue(
        int orderCount,
        BigDecimal revenue,
        BigDecimal averageOrder,
        String currency,
        Instant firstPurchaseAt,
        Instant lastPurchaseAt,
        int recencyScore,
        int frequencyScore,
        int monetaryScore,
        ValueTier tier,
        LifecycleStage lifecycle,
        BigDecimal expectedLifetimeValue) {
}
