package dev.rapport.profile.value;

import dev.rapport.contracts.events.LifecycleStage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ValueScoringTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void aCustomerWithoutOrdersIsAProspectWorthNothing() {
        ValueScoring.Scores scores = ValueScoring.score(0, BigDecimal.ZERO, null, null, NOW, 3);
        assertEquals(LifecycleStage.PROSPECT, scores.lifecycle());
        assertEquals(0, scores.recency());
        assertEquals(new BigDecimal("0.00"), scores.expectedLifetimeValue());
    }

    @Test
    void oneRecentOrderMakesAFirstTimeBuyer() {
        ValueScoring.Scores scores = ValueScoring.score(1, new BigDecimal("80"), daysAgo(10), daysAgo(10), NOW, 3);
        assertEquals(LifecycleStage.FIRST_TIME, scores.lifecycle());
        assertEquals(5, scores.recency());
        assertEquals(1, scores.frequency());
        assertEquals(new BigDecimal("80.00"), scores.averageOrder());
        // 80 so far + 80 per order x 1 order a year x 3 years
        assertEquals(new BigDecimal("320.00"), scores.expectedLifetimeValue());
    }

    @Test
    void distinguishesRepeatLoyalChurnRiskAndLapsed() {
        assertEquals(LifecycleStage.REPEAT, ValueScoring.score(3, new BigDecimal("90"), daysAgo(100), daysAgo(5), NOW, 3).lifecycle());
        assertEquals(LifecycleStage.LOYAL, ValueScoring.score(6, new BigDecimal("600"), daysAgo(300), daysAgo(20), NOW, 3).lifecycle());
        // bought every 10 days, silent for 120: more than twice the usual gap and more than 90 days
        assertEquals(LifecycleStage.CHURN_RISK, ValueScoring.score(4, new BigDecimal("400"), daysAgo(150), daysAgo(120), NOW, 3).lifecycle());
        assertEquals(LifecycleStage.LAPSED, ValueScoring.score(8, new BigDecimal("800"), daysAgo(900), daysAgo(400), NOW, 3).lifecycle());
    }

    @Test
    void scoresRecencyAndFrequencyOnFivePoints() {
        assertEquals(4, ValueScoring.recency(60));
        assertEquals(3, ValueScoring.recency(150));
        assertEquals(2, ValueScoring.recency(365));
        assertEquals(1, ValueScoring.recency(366));
        assertEquals(2, ValueScoring.frequency(2));
        assertEquals(3, ValueScoring.frequency(4));
        assertEquals(4, ValueScoring.frequency(9));
        assertEquals(5, ValueScoring.frequency(10));
    }

    @Test
    void weighsTheFutureOfALapsedCustomerLow() {
        ValueScoring.Scores scores = ValueScoring.score(2, new BigDecimal("200"), daysAgo(730), daysAgo(400), NOW, 3);
        // 200 + 100 x (2 orders / 2 years) x 3 years x 10 %
        assertEquals(new BigDecimal("230.00"), scores.expectedLifetimeValue());
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }
}
