package dev.rapport.campaign.segments;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A segment rule: plain Java, evaluated against a {@link CustomerView} at a moment. Built by
 * {@link SegmentRules#parse}, which documents the JSON form.
 */
public sealed interface SegmentRule {

    boolean matches(CustomerView customer, Instant now);

    record All(List<SegmentRule> rules) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            return rules.stream().allMatch(rule -> rule.matches(customer, now));
        }
    }

    record Any(List<SegmentRule> rules) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            return rules.stream().anyMatch(rule -> rule.matches(customer, now));
        }
    }

    record Not(SegmentRule rule) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            return !rule.matches(customer, now);
        }
    }

    /** A comparison of one field: {@code profile.*}, {@code traits.*}, {@code value.tier|lifecycle|orderCount|revenue}. */
    record FieldCondition(String field, String op, JsonNode value) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            JsonNode actual = SegmentRules.fieldValue(customer, field);
            return SegmentRules.compare(actual, op, value);
        }
    }

    /** The customer opted in to the channel for the purpose. */
    record Consent(String channel, String purpose) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            return customer.optedIn(channel, purpose);
        }
    }

    /** A child born in [from, to] (either open); e.g. "a child born after 2023" is from 2024. */
    record ChildBorn(Integer from, Integer to) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            return customer.childrenBirthYears() != null && customer.childrenBirthYears().stream()
                    .anyMatch(year -> (from == null || year >= from) && (to == null || year <= to));
        }
    }

    /** A child aged in [min, max] years this calendar year. */
    record ChildAged(Integer min, Integer max) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            int year = now.atZone(ZoneOffset.UTC).getYear();
            return customer.childrenBirthYears() != null && customer.childrenBirthYears().stream()
                    .map(born -> year - born)
                    .anyMatch(age -> (min == null || age >= min) && (max == null || age <= max));
        }
    }

    /** Bought (in a category, if given) within the last N days. */
    record Purchased(String category, int withinDays) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            Instant since = now.minus(Duration.ofDays(withinDays));
            return customer.purchases().stream().anyMatch(p -> !p.at().isBefore(since)
                    && (category == null || (p.categories() != null && p.categories().contains(category))));
        }
    }

    /** No visit (on a channel, if given) for at least N days; a customer who never visited qualifies. */
    record NoVisit(String channel, int forDays) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            Instant since = now.minus(Duration.ofDays(forDays));
            return customer.lastVisitByChannel().entrySet().stream()
                    .filter(entry -> channel == null || entry.getKey().equals(channel))
                    .noneMatch(entry -> entry.getValue().isAfter(since));
        }
    }

    /** At least N orders. */
    record Orders(int atLeast) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            return customer.orderCount() >= atLeast;
        }
    }

    /** Revenue of at least the amount. */
    record Revenue(BigDecimal atLeast) implements SegmentRule {
        public boolean matches(CustomerView customer, Instant now) {
            return customer.revenue() != null && customer.revenue().compareTo(atLeast) >= 0;
        }
    }
}
