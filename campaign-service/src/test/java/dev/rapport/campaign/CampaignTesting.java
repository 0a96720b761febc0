package dev.rapport.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.CustomerValue;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.LifecycleStage;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ValueTier;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Customers, interactions and campaigns for campaign-service tests, through the real broker and API. */
final class CampaignTesting {

    static final EventCodec CODEC = new EventCodec();

    private CampaignTesting() {
    }

    static String marker() {
        return "m" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A customer with the marker trait, a given name and a value tier; waits until the projection has them. */
    static UUID customer(String marker, String givenName, ValueTier tier) {
        UUID id = UUID.randomUUID();
        profile(id, 1, marker, givenName, tier);
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id = ? AND snapshot IS NOT NULL", id), n -> n == 1);
        return id;
    }

    static void profile(UUID id, long revision, String marker, String givenName, ValueTier tier) {
        CustomerValue value = tier == null ? null : new CustomerValue(1, new BigDecimal("50"), new BigDecimal("50"), "EUR", Instant.now(),
                Instant.now(), 3, 1, 3, tier, LifecycleStage.FIRST_TIME, new BigDecimal("100"));
        ProfileChanged snapshot = new ProfileChanged(id, revision, new PersonName(null, givenName, "Tester"), null, "UTC", null,
                CODEC.mapper().createObjectNode().put("marker", marker), null, List.of(), List.of(), List.of(), null, value, Instant.now());
        ServiceTopics.send(Topics.PROFILE_EVENTS, id.toString(),
                CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, id, snapshot, CODEC.mapper())));
    }

    /** An interaction as interaction-service publishes it. */
    static InteractionRecorded interaction(UUID customer, String type, Instant occurredAt, JsonNode details) {
        return new InteractionRecorded(UUID.randomUUID(), null, customer, null, Channel.WEB, Direction.INBOUND, type, occurredAt, Instant.now(),
                null, null, null, "purchase".equals(type) ? new BigDecimal("30") : null, "purchase".equals(type) ? "EUR" : null, details);
    }

    static CloudEvent event(InteractionRecorded interaction) {
        return CloudEvent.of("/rapport/interaction-service", EventTypes.INTERACTION_RECORDED, interaction.customerId(), interaction, CODEC.mapper());
    }

    static void publish(CloudEvent... events) {
        for (CloudEvent event : events) {
            ServiceTopics.send(Topics.INTERACTION_EVENTS, event.subject(), CODEC.encode(event));
        }
    }

    static ObjectNode garden() {
        ObjectNode details = CODEC.mapper().createObjectNode();
        details.putArray("items").addObject().put("sku", "rake").put("category", "garden").put("quantity", 1);
        return details;
    }

    /** Waits until the event has gone through the projection (and so through the triggers, in the same transaction). */
    static void awaitProcessed(CloudEvent event) {
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM rapport_processed_event WHERE consumer = ? AND event_id = ?",
                "campaign-service.interactions", event.id()), n -> n == 1);
    }

    static String segment(String marker) {
        return given().contentType("application/json").body(Map.of("name", "segment " + marker,
                        "rule", Map.of("field", "traits.marker", "op", "eq", "value", marker)))
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> campaign(String segmentId, String text) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("name", "Thank you");
        spec.put("category", "promotional");
        spec.put("segmentId", segmentId);
        spec.put("trigger", Map.of("type", "interaction", "interactionType", "purchase", "filter", Map.of("details.items.category", "garden")));
        spec.put("priority", 5);
        spec.put("reentry", Map.of("mode", "once"));
        spec.put("channels", List.of("email"));
        spec.put("content", List.of(Map.of("channel", "email", "subject", "Thanks, {customer.givenName}", "text", text)));
        return spec;
    }

    /** Creates and activates the campaign; returns its id. */
    static String activate(Map<String, Object> spec) {
        String id = given().contentType("application/json").body(spec).post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        given().post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        return id;
    }

    /** Every delivery request published for the customer by the campaign, once nothing of theirs is left in the outbox. */
    static List<DeliveryRequested> requests(UUID customer, String campaignId) {
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM rapport_outbox WHERE message_key = ?", customer.toString()), n -> n == 0);
        return ServiceTopics.readToEnd(Topics.DELIVERY_REQUESTS, customer.toString()).stream()
                .map(record -> CODEC.decode(record.value()).dataAs(DeliveryRequested.class, CODEC.mapper()))
                .filter(request -> request.campaignId().toString().equals(campaignId))
                .toList();
    }

    static long entries(String campaignId, UUID customer) {
        return ServiceDatabase.count("SELECT count(*) FROM campaign_request WHERE campaign_id = CAST(? AS uuid) AND customer_id = ?", campaignId, customer);
    }
}
