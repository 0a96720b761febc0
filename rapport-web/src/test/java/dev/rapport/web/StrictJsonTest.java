package dev.rapport.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {

    record Item(String name, List<String> tags, JsonNode traits, Instant at, LocalDate day) {
    }

    record Holder(List<Item> items) {
    }

    static final ObjectMapper MAPPER = StrictJson.apply(JsonMapper.builder().addModule(new JavaTimeModule()).build());

    @Test
    void readsValidTextEmojiAndFreeJsonAsBefore() throws Exception {
        Item item = MAPPER.readValue("""
                {"name": "Jo\\ud83d\\ude00 \u202e e\u0301", "tags": ["a"], "traits": {"x": [1, "y", null]},
                 "at": "2026-11-24T10:15:30Z", "day": "0001-01-01"}""", Item.class);
        assertEquals("Jo\uD83D\uDE00 \u202e e\u0301", item.name());
        assertEquals("y", item.traits().get("x").get(1).asText());
        assertTrue(MAPPER.readValue("{\"traits\": null}", Item.class).traits().isNull(), "an explicit null is a null node");
        assertEquals(null, MAPPER.readValue("{}", Item.class).traits(), "a member left out is null");
    }

    @Test
    void refusesTrailingTokens() {
        assertThrows(JsonProcessingException.class, () -> MAPPER.readValue("{\"name\": \"a\"} {}", Item.class));
        assertThrows(JsonProcessingException.class, () -> MAPPER.readValue("{\"name\": \"a\"}]", JsonNode.class));
    }

    @Test
    void refusesNulAndUnpairedSurrogatesNamingTheField() {
        assertEquals("items[0].name: " + StrictJson.BAD_TEXT, refusal("{\"items\": [{\"name\": \"a\\u0000\"}]}"));
        assertEquals("items[0].tags[1]: " + StrictJson.BAD_TEXT, refusal("{\"items\": [{\"tags\": [\"ok\", \"\\ud800\"]}]}"));
        assertEquals("items[0].traits.a[1].b: " + StrictJson.BAD_TEXT, refusal("{\"items\": [{\"traits\": {\"a\": [1, {\"b\": \"x\\udc00\"}]}}]}"));
        assertEquals("items[0].traits.k\u0000: " + StrictJson.BAD_TEXT, refusal("{\"items\": [{\"traits\": {\"k\\u0000\": 1}}]}"));
        assertThrows(JsonProcessingException.class, () -> MAPPER.readValue("{\"a\": \"\\u0000\"}", JsonNode.class));
    }

    @Test
    void refusesYearsBeyondFourDigits() {
        assertEquals("items[0].at: " + StrictJson.BAD_YEAR, refusal("{\"items\": [{\"at\": \"+294277-01-01T00:00:00Z\"}]}"));
        assertEquals("items[0].at: " + StrictJson.BAD_YEAR, refusal("{\"items\": [{\"at\": \"-4714-01-01T00:00:00Z\"}]}"));
        assertEquals("items[0].day: " + StrictJson.BAD_YEAR, refusal("{\"items\": [{\"day\": \"+10000-01-01\"}]}"));
    }

    private static String refusal(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(json, Holder.class));
        FieldError error = FieldErrors.of(e);
        return error.field() + ": " + error.message();
    }
}
