package dev.rapport.profile.value;

import dev.rapport.contracts.events.LifecycleStage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Scores a customer's purchase history: recency and frequency (1-5), average order, lifecycle
 * stage and expected lifetime value. Plain Java, no framework: unit-tested on its own.
 *
 * <ul>
 * <li>lifecycle: no order = prospect; no order for a year = lapsed; two or more orders and no
 * order for more than twice the usual gap (at least 90 days) = churn-risk; one order = first-time;
 * five or more = loyal; otherwise repeat;</li>
 * <li>expected lifetime value = revenue so far + average order x orders per year x the horizon,
 * weighted by how likely the customer is to buy again (lapsed 10 %, churn-risk 50 %).</li>
 * </ul>
 */
public final class ValueScoring {

    public record Scores(int recency, int frequency, BigDecimal averageOrder, LifecycleStage lifecycle,
                         BigDecimal expectedLifetimeValue) {
    }

    private static final Duration YEAR = Duration.ofDays(365);

    private ValueScoring() {
    }

    public static Scores score(int orderCount, BigDecimal revenue, Instant firstPurchase, Instant lastPurchase,
                               Instant now, int horizonYears) {
        if (orderCount == 0) {
            return new Scores(0, 0, BigDecimal.ZERO, LifecycleStage.PROSPECT, BigDecimal.ZERO.setScale(2));
        }
        BigDecimal average = revenue.divide(BigDecimal.valueOf(orderCount), 2, RoundingMode.HALF_UP);
        long daysSinceLast = Math.max(0, Duration.between(lastPurchase, now).toDays());
        LifecycleStage lifecycle = lifecycle(orderCount, firstPurchase, lastPurchase, daysSinceLast);
        double years = Math.max(1.0, Duration.between(firstPurchase, now).toDays() / 365.0);
        double ordersPerYear = orderCount / years;
        double stay = switch (lifecycle) {
            case LAPSED -> 0.1;
            case CHURN_RISK -> 0.5;
            default -> 1.0;
        };
        BigDecimal future = average.multiply(BigDecimal.valueOf(ordersPerYear * horizonYears * stay));
        return new Scores(recency(daysSinceLast), frequency(orderCount), average, lifecycle,
                revenue.add(future).setScale(2, RoundingMode.HALF_UP));
    }

    static LifecycleStage lifecycle(int orderCount, Instant firstPurchase, Instant lastPurchase, long daysSinceLast) {
        if (daysSinceLast > YEAR.toDays()) {
            return LifecycleStage.LAPSED;
        }
        if (orderCount >= 2) {
            long usualGap = Duration.between(firstPurchase, lastPurchase).toDays() / (orderCount - 1);
            if (daysSinceLast > Math.max(90, 2 * usualGap)) {
                return LifecycleStage.CHURN_RISK;
            }
        }
        if (orderCount == 1) {
            return LifecycleStage.FIRST_TIME;
        }
        return orderCount >= 5 ? LifecycleStage.LOYAL : LifecycleStage.REPEAT;
    }

    static int recency(long daysSinceLast) {
        if (daysSinceLast <= 30) {
            return 5;
        }
        if (daysSinceLast <= 90) {
            return 4;
        }
        if (daysSinceLast <= 180) {
            return 3;
        }
        return daysSinceLast <= 365 ? 2 : 1;
    }

    static int frequency(int orderCount) {
        if (orderCount >= 10) {
            return 5;
        }
        if (orderCount >= 5) {
            return 4;
        }
        if (orderCount >= 3) {
            return 3;
        }
        return orderCount == 2 ? 2 : 1;
    }
}
