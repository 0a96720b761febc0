package dev.rapport.interaction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.InteractionSubmitted;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.interaction.InteractionTesting.CODEC;
import static dev.rapport.interaction.InteractionTesting.JSON;
import static dev.rapport.interaction.InteractionTesting.pageView;
import static dev.rapport.interaction.InteractionTesting.post;
import static dev.rapport.interaction.InteractionTesting.problem;
import static dev.rapport.interaction.InteractionTesting.purchase;
import static dev.rapport.interaction.InteractionTesting.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "interaction"))
class InteractionIngestTest {

    @Test
    void recordsAnInteractionOnceAndPublishesItOnceKeyedByCustomer() throws Exception {
        UUID customer = UUID.randomUUID();
        Map<String, Object> purchase = purchase(customer, Instant.parse("2026-11-20T10:00:00Z"), "20.00");

        String id = post(purchase).statusCode(201).body("status", equalTo("accepted"))
                .body("customerId", equalTo(customer.toString())).extract().path("interactionId");
        post(purchase).statusCode(200).body("status", equalTo("duplicate")).body("interactionId", equalTo(id));
        given().get("/api/v1/interactions/" + id).then().statusCode(200)
                .body("type", equalTo("purchase")).body("direction", equalTo("inbound")).body("amount", equalTo(20.0f))
                .body("details.items[0].sku", equalTo("rose-1"));
        String marker = post(pageView(customer, Instant.now())).statusCode(201).extract().path("interactionId");

        List<ConsumerRecord<String, String>> records = ServiceTopics.readKey(Topics.INTERACTION_EVENTS, customer.toString(),
                r -> r.value().contains(marker));
        assertEquals(2, records.size(), "the purchase once, then the page view");
        JsonNode event = JSON.readTree(records.get(0).value());
        assertEquals(EventTypes.INTERACTION_RECORDED, event.get("type").asText());
        assertEquals(id, event.get("id").asText());
        assertEquals(id, event.get("data").get("interactionId").asText());
        assertEquals("store", event.get("data").get("channel").asText());
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM interaction WHERE client_event_id = ?", purchase.get("clientEventId")));
    }

    @Test
    void rejectsAnInvalidInteractionNamingTheFieldAndStoresNothing() {
        UUID customer = UUID.randomUUID();
        Map<String, Object> valid = purchase(customer, Instant.now(), "20.00");
        reject(with(valid, "customerId", null), "customerId", "customerId or identity is required");
        reject(with(valid, "type", "teleport"), "type", null);
        reject(with(valid, "amount", null), "amount", "required for a purchase");
        reject(with(valid, "amount", "-5"), "amount", "must be greater than or equal to 0.00");
        reject(with(valid, "currency", "euro"), "currency", "must be an ISO 4217 currency code, e.g. EUR");
        reject(with(valid, "channel", "telegraph"), "channel", null);
        reject(with(valid, "occurredAt", Instant.now().plusSeconds(3600).toString()), "occurredAt", "must not be in the future");
        reject(with(valid, "occurredAt", "yesterday"), "occurredAt", "expected an ISO-8601 timestamp like 2026-11-24T10:15:30Z");
        reject(with(valid, "details", Map.of("items", List.of(Map.of("sku", "x", "quantity", "two")))), "details.items[0].quantity", "expected an integer");
        reject(with(valid, "details", Map.of("coupon", "X")), "details.coupon", "unknown field");
        reject(with(with(valid, "customerId", null), "identity", Map.of("type", "email", "value", "nope")), "identity.value", "not a valid e-mail address");
        reject(with(valid, "direction", "outbound"), "direction", "a purchase is inbound");
        reject(with(valid, "colour", "red"), "colour", "unknown field");

        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM interaction WHERE customer_id = ?", customer));
    }

    @Test
    void answersABatchOfAThousandPerItemWithDuplicatesAndInvalidItemsMixedIn() throws Exception {
        UUID customer = UUID.randomUUID();
        Instant at = Instant.parse("2026-10-01T00:00:00Z");
        List<Map<String, Object>> earlier = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            earlier.add(pageView(customer, at.plusSeconds(i)));
        }
        given().contentType("application/json").body(Map.of("items", earlier)).post("/api/v1/interactions/batch")
                .then().statusCode(200).body("accepted", equalTo(25));

        List<Object> items = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (i % 20 == 0) {
                items.add(earlier.get(i / 40));                                       // sent in the earlier batch
                expected.add("duplicate");
            } else if (i % 20 == 10) {
                items.add(with(pageView(customer, at), "type", "teleport"));          // invalid
                expected.add("rejected");
            } else if (i % 20 == 11) {
                items.add(items.get(i - 2));                                          // repeated within this batch
                expected.add("duplicate");
            } else {
                items.add(pageView(customer, at.plusSeconds(1000 + i)));
                expected.add("accepted");
            }
        }

        JsonPath result = given().contentType("application/json").body(Map.of("items", items)).post("/api/v1/interactions/batch")
                .then().statusCode(200).extract().jsonPath();

        assertEquals(850, result.getInt("accepted"));
        assertEquals(100, result.getInt("duplicates"));
        assertEquals(50, result.getInt("rejected"));
        for (int i = 0; i < 1000; i++) {
            assertEquals(expected.get(i), result.getString("results[" + i + "].status"), "item " + i);
            assertEquals(i, result.getInt("results[" + i + "].index"));
        }
        assertEquals("type", result.getString("results[10].errors[0].field"));
        assertTrue(result.getString("results[10].reason").startsWith("type: 'teleport' is not one of"));
        assertEquals(result.getString("results[9].interactionId"), result.getString("results[11].interactionId"));
        assertEquals(875, ServiceDatabase.count("SELECT count(*) FROM interaction WHERE customer_id = ?", customer));

        JsonPath again = given().contentType("application/json").body(Map.of("items", items)).post("/api/v1/interactions/batch")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, again.getInt("accepted"));
        assertEquals(950, again.getInt("duplicates"));
        assertEquals(875, ServiceDatabase.count("SELECT count(*) FROM interaction WHERE customer_id = ?", customer));
        assertEquals(0, ServiceDatabase.awaitCount(n -> n == 0, "SELECT count(*) FROM rapport_outbox"), "every event was relayed");
    }

    @Test
    void refusesABatchOfMoreThanAThousand() {
        UUID customer = UUID.randomUUID();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(pageView(customer, Instant.now()));
        }
        problem(given().contentType("application/json").body(Map.of("items", items)).post("/api/v1/interactions/batch").then(), 400)
                .body("errors[0].field", equalTo("items"));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM interaction WHERE customer_id = ?", customer));
    }

    @Test
    void ingestsFromTheIngestTopicAndDeadLettersInvalidInteractions() throws Exception {
        UUID customer = UUID.randomUUID();
        InteractionSubmitted visit = new InteractionSubmitted("kiosk-" + UUID.randomUUID(), customer, null, Channel.STORE,
                Direction.INBOUND, "store-visit", Instant.now().minusSeconds(10), null, null, null, null,
                JSON.createObjectNode().put("storeId", "berlin-1"));
        InteractionSubmitted invalid = new InteractionSubmitted("kiosk-" + UUID.randomUUID(), customer, null, Channel.STORE,
                Direction.INBOUND, "store-visit", Instant.now(), null, null, null, null, JSON.createObjectNode());
        CloudEvent first = CloudEvent.of("/pos", EventTypes.INTERACTION_SUBMITTED, customer, visit, JSON);
        CloudEvent resent = CloudEvent.of("/pos", EventTypes.INTERACTION_SUBMITTED, customer, visit, JSON);
        CloudEvent bad = CloudEvent.of("/pos", EventTypes.INTERACTION_SUBMITTED, customer, invalid, JSON);

        ServiceTopics.send(Topics.INTERACTION_INGEST, customer.toString(), CODEC.encode(first), CODEC.encode(bad), CODEC.encode(resent));

        List<ConsumerRecord<String, String>> dead = ServiceTopics.readKey(Topics.DEAD_LETTER, customer.toString(), r -> true);
        assertEquals(bad.id(), JSON.readTree(dead.get(0).value()).get("id").asText());
        assertEquals("invalid interaction: details.storeId: must not be blank [FieldError[field=details.storeId, message=must not be blank]]",
                new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
        assertEquals(1, ServiceDatabase.awaitCount(n -> n >= 1, "SELECT count(*) FROM interaction WHERE customer_id = ?", customer));
        // the resent copy came after the bad one: once it is processed, nothing more is recorded
        ServiceDatabase.awaitCount(n -> n >= 1, "SELECT count(*) FROM rapport_processed_event WHERE event_id = ?", resent.id());
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM interaction WHERE customer_id = ?", customer));
    }

    @Test
    void recordsAnUnknownIdentityUnderItsProvisionalIdAndLinksItOnceTheProfileIsKnown() {
        Identity stranger = new Identity(IdentityType.EMAIL, "visitor-" + UUID.randomUUID() + "@example.com");
        Map<String, Object> view = with(pageView(UUID.randomUUID(), Instant.now().minusSeconds(30)), "customerId", null);
        view.put("identity", Map.of("type", "email", "value", stranger.value().toUpperCase()));

        post(view).statusCode(201).body("customerId", equalTo(stranger.provisionalCustomerId().toString()));

        // profile-service learns the identity belongs to an existing customer
        UUID known = UUID.randomUUID();
        ProfileEvents.changed(known, stranger);
        io.restassured.path.json.JsonPath timeline = dev.rapport.infra.testing.Eventually.await(
                () -> given().get("/api/v1/customers/" + known + "/timeline").then().statusCode(200).extract().jsonPath(),
                page -> page.getList("items").size() == 1);
        assertEquals("page-view", timeline.getString("items[0].type"));
        assertEquals(stranger.value(), timeline.getString("items[0].identity.value"));

        Map<String, Object> later = with(pageView(UUID.randomUUID(), Instant.now()), "customerId", null);
        later.put("identity", Map.of("type", "email", "value", stranger.value()));
        post(later).statusCode(201).body("customerId", equalTo(known.toString()));
    }

    private static void reject(Map<String, Object> body, String field, String message) {
        var response = problem(post(body), 400).body("errors.field", org.hamcrest.Matchers.hasItem(field));
        if (message != null) {
            response.body("errors.find { it.field == '" + field + "' }.message", equalTo(message));
        }
    }

    static BigDecimal money(String value) {
        return new BigDecimal(value);
    }
}
