package dev.rapport.campaign.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode PURCHASE = json("""
            {"type": "purchase", "channel": "web", "amount": 42.50,
             "details": {"items": [{"sku": "a", "category": "kitchen"}, {"sku": "b", "category": "garden"}]}}""");

    @Test
    void matchesAValueAnywhereInAnArrayOnThePath() {
        assertTrue(InteractionFilter.matches(json("{\"details.items.category\": \"garden\"}"), PURCHASE));
        assertFalse(InteractionFilter.matches(json("{\"details.items.category\": \"toys\"}"), PURCHASE));
    }

    @Test
    void everyMemberMustHoldAndAnArrayListsAllowedValues() {
        assertTrue(InteractionFilter.matches(json("{\"channel\": [\"store\", \"web\"], \"amount\": 42.5}"), PURCHASE));
        assertFalse(InteractionFilter.matches(json("{\"channel\": \"web\", \"amount\": 40}"), PURCHASE));
        assertFalse(InteractionFilter.matches(json("{\"details.coupon\": \"X\"}"), PURCHASE));
        assertTrue(InteractionFilter.matches(null, PURCHASE));
    }

    @Test
    void rejectsAFilterThatIsNotAnObjectOfValuesWithThePathOfTheBadMember() {
        assertEquals("trigger.filter.details", InteractionFilter.check(json("{\"details\": {\"a\": 1}}"), "trigger.filter").get(0).field());
        assertEquals("trigger.filter", InteractionFilter.check(json("[1]"), "trigger.filter").get(0).field());
        assertTrue(InteractionFilter.check(json("{\"channel\": [\"web\"]}"), "trigger.filter").isEmpty());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
