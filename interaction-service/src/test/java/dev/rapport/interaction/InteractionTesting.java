package dev.rapport.interaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.infra.testing.ServiceTopics;
import io.restassured.response.ValidatableResponse;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Shortcuts the interaction-service tests share. */
final class InteractionTesting {

    static final EventCodec CODEC = new EventCodec();
    static final ObjectMapper JSON = CODEC.mapper();

    private InteractionTesting() {
    }

    static Map<String, Object> pageView(UUID customer, Instant at) {
        Map<String, Object> item = new HashMap<>();
        item.put("clientEventId", "web-" + UUID.randomUUID());
        item.put("customerId", customer.toString());
        item.put("channel", "web");
        item.put("type", "page-view");
        item.put("occurredAt", at.toString());
        item.put("details", Map.of("url", "https://shop.example.com/garden"));
        return item;
    }

    static Map<String, Object> purchase(UUID customer, Instant at, String amount) {
        Map<String, Object> item = new HashMap<>();
        item.put("clientEventId", "pos-" + UUID.randomUUID());
        item.put("customerId", customer.toString());
        item.put("channel", "store");
        item.put("type", "purchase");
        item.put("occurredAt", at.toString());
        item.put("amount", amount);
        item.put("currency", "EUR");
        item.put("details", Map.of("orderId", "o-1", "items", java.util.List.of(Map.of("sku", "rose-1", "category", "garden", "quantity", 2, "price", 10))));
        return item;
    }

    static Map<String, Object> with(Map<String, Object> item, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(item);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    static ValidatableResponse post(Object body) {
        return given().contentType("application/json").body(body).post("/api/v1/interactions").then();
    }

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }

    static void publish(String topic, UUID key, CloudEvent event) {
        ServiceTopics.send(topic, key.toString(), CODEC.encode(event));
    }
}
