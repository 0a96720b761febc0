package dev.rapport.campaign.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void theMotherOfAFifteenYearOldIsNotInAYoungChildrenSegment() throws Exception {
        SegmentRule youngChildren = rule("{\"any\": [{\"childBorn\": {\"from\": 2024}}, {\"childAged\": {\"max\": 5}}]}");

        assertFalse(youngChildren.matches(customer(List.of(2011), "low", 1), NOW), "her child is 15");
        assertTrue(youngChildren.matches(customer(List.of(2011, 2025), "low", 1), NOW), "a mother of a toddler too");
        assertFalse(youngChildren.matches(customer(null, "low", 1), NOW), "no known children");
    }

    @Test
    void combinesValueConsentTraitsAndBehaviour() throws Exception {
        SegmentRule gardenersToWinBack = rule("""
                {"all": [
                  {"field": "value.tier", "op": "in", "value": ["best", "high"]},
                  {"consent": {"channel": "email", "purpose": "promotional"}},
                  {"field": "traits.hobby", "op": "eq", "value": "garden"},
                  {"purchased": {"category": "garden", "withinDays": 30}},
                  {"noVisit": {"channel": "web", "days": 90}},
                  {"orders": {"atLeast": 3}},
                  {"not": {"field": "value.lifecycle", "op": "eq", "value": "lapsed"}}
                ]}""");
        CustomerView match = customer(null, "best", 4);
        assertTrue(gardenersToWinBack.matches(match, NOW));

        CustomerView recentVisitor = new CustomerView(Map.of(), match.traits(), "best", "loyal", 4, BigDecimal.TEN, match.consents(), null,
                match.purchases(), Map.of("web", NOW.minus(Duration.ofDays(3))));
        assertFalse(gardenersToWinBack.matches(recentVisitor, NOW), "visited the web shop 3 days ago");
        assertFalse(gardenersToWinBack.matches(customer(null, "medium", 4), NOW), "tier too low");
        assertFalse(gardenersToWinBack.matches(customer(null, "best", 2), NOW), "two orders only");
    }

    @Test
    void rejectsAnInvalidRuleWithThePathOfTheBadNode() throws Exception {
        SegmentRules.Parsed parsed = SegmentRules.parse(JSON.readTree("""
                {"all": [
                  {"orders": {"atLeast": 1}},
                  {"consent": {"channel": "email", "purpose": "promotional"}},
                  {"any": [{"field": "value.tier", "op": "like", "value": "b%"}, {"purchased": {"withinDays": -3}}]},
                  {"field": "shoeSize", "op": "gt", "value": "big"},
                  {"telepathy": {}}
                ]}"""));

        assertFalse(parsed.valid());
        assertEquals(List.of("rule.all[2].any[0].op", "rule.all[2].any[1].purchased.withinDays", "rule.all[3].field",
                "rule.all[3].value", "rule.all[4].telepathy"), parsed.errors().stream().map(e -> e.field()).toList());
        assertEquals("unknown rule 'telepathy'", parsed.errors().get(4).message());
        assertEquals("rule", SegmentRules.parse(JSON.readTree("[]")).errors().get(0).field());
    }

    private static SegmentRule rule(String json) throws Exception {
        SegmentRules.Parsed parsed = SegmentRules.parse(JSON.readTree(json));
        assertTrue(parsed.valid(), parsed.errors().toString());
        return parsed.rule();
    }

    private static CustomerView customer(List<Integer> children, String tier, int orders) {
        JsonNode traits = JSON.createObjectNode().put("hobby", "garden");
        return new CustomerView(Map.of("timeZone", "Europe/Berlin"), traits, tier, "loyal", orders, new BigDecimal("250.00"),
                List.of(new ConsentState(Channel.EMAIL, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_IN, "web", NOW)),
                children, List.of(new CustomerView.Purchase(NOW.minus(Duration.ofDays(10)), List.of("garden"), new BigDecimal("40"))),
                Map.of("web", NOW.minus(Duration.ofDays(200))));
    }
}
