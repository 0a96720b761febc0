package dev.rapport.campaign;

import dev.rapport.campaign.results.Proportions;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.DeliveryStatus;
import dev.rapport.contracts.events.DeliveryStatusChanged;
import dev.rapport.contracts.events.ResponseKind;
import dev.rapport.contracts.events.ResponseTracked;
import dev.rapport.contracts.events.ValueTier;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.campaign.CampaignTesting.CODEC;
import static dev.rapport.campaign.CampaignTesting.activate;
import static dev.rapport.campaign.CampaignTesting.campaign;
import static dev.rapport.campaign.CampaignTesting.customer;
import static dev.rapport.campaign.CampaignTesting.event;
import static dev.rapport.campaign.CampaignTesting.interaction;
import static dev.rapport.campaign.CampaignTesting.marker;
import static dev.rapport.campaign.CampaignTesting.publish;
import static dev.rapport.campaign.CampaignTesting.segment;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "campaign"))
class CampaignResultsTest {

    private static final String DELIVERY = "/rapport/delivery-service";

    @Test
    void resultsCountEveryStageAndCompareEachVariantWithTheHoldout() {
        String marker = marker();
        Map<String, Object> spec = campaign(segment(marker), "Have a look, {customer.givenName}");
        spec.put("trigger", Map.of("type", "interaction", "interactionType", "product-view"));
        spec.put("goal", Map.of("interactionType", "purchase", "window", "P7D"));
        spec.put("reentry", Map.of("mode", "once"));
        spec.put("holdoutPercent", 30);
        spec.put("variants", List.of(Map.of("name", "a", "weight", 1), Map.of("name", "b", "weight", 1)));
        String campaignId = activate(spec);
        UUID campaign = UUID.fromString(campaignId);

        List<UUID> customers = new ArrayList<>();
        List<CloudEvent> views = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID customer = customer(marker, "R" + i, ValueTier.LOW);
            customers.add(customer);
            views.add(event(interaction(customer, "product-view", Instant.now(), null)));
        }
        publish(views.toArray(CloudEvent[]::new));
        views.forEach(CampaignTesting::awaitProcessed);

        // what delivery-service and the customers then do, by a pattern over the customers
        Map<String, long[]> expected = new HashMap<>(); // entered, requested, sent, delivered, opened, clicked, converted
        List<CloudEvent> purchases = new ArrayList<>();
        List<String> deliveryEvents = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            UUID customer = customers.get(i);
            Object[] entry = ServiceDatabase.rows("SELECT variant, holdout, request_id FROM campaign_request WHERE campaign_id = ? AND customer_id = ?",
                    campaign, customer).get(0);
            String arm = (String) entry[0];
            long[] counts = expected.computeIfAbsent(arm, k -> new long[7]);
            counts[0]++;
            boolean holdout = (Boolean) entry[1];
            if (!holdout) {
                counts[1]++;
                UUID messageId = UUID.randomUUID();
                List<CloudEvent> events = new ArrayList<>();
                events.add(delivery(customer, EventTypes.DELIVERY_DECIDED, new DeliveryDecided((UUID) entry[2], messageId, customer, campaign, arm,
                        null, CampaignCategory.PROMOTIONAL, Channel.EMAIL, Decision.SENT, null, null, Instant.now())));
                if (i % 5 != 4) { // one in five never accepted by the mail server
                    counts[2]++;
                    events.add(delivery(customer, EventTypes.DELIVERY_STATUS_CHANGED, new DeliveryStatusChanged(messageId, (UUID) entry[2], customer,
                            campaign, arm, Channel.EMAIL, DeliveryStatus.ACCEPTED, null, 1, Instant.now())));
                    if (i % 2 == 0) {
                        counts[3]++;
                        counts[4]++;
                        events.add(delivery(customer, EventTypes.RESPONSE_TRACKED, new ResponseTracked(messageId, customer, campaign, arm, null,
                                Channel.EMAIL, ResponseKind.OPEN, null, Instant.now())));
                        if (i % 4 == 0) {
                            counts[5]++;
                            ResponseTracked click = new ResponseTracked(messageId, customer, campaign, arm, null, Channel.EMAIL, ResponseKind.CLICK,
                                    "https://shop.example/garden", Instant.now());
                            // a click counted once however often it comes
                            events.add(delivery(customer, EventTypes.RESPONSE_TRACKED, click));
                            events.add(delivery(customer, EventTypes.RESPONSE_TRACKED, click));
                        }
                    }
                }
                for (CloudEvent event : events) {
                    ServiceTopics.send(Topics.DELIVERY_EVENTS, customer.toString(), CODEC.encode(event));
                }
                events.forEach(event -> deliveryEvents.add(event.id()));
            }
            if (i % 3 == 0 || (holdout && i % 2 == 0)) {
                counts[6]++;
                purchases.add(event(interaction(customer, "purchase", Instant.now().plusSeconds(1), null)));
                if (i % 6 == 0) { // a second purchase is not a second conversion
                    purchases.add(event(interaction(customer, "purchase", Instant.now().plusSeconds(2), null)));
                }
            }
        }
        publish(purchases.toArray(CloudEvent[]::new));
        purchases.forEach(CampaignTesting::awaitProcessed);
        for (String id : deliveryEvents) {
            Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM rapport_processed_event WHERE consumer = ? AND event_id = ?",
                    "campaign-service.delivery", id), n -> n == 1);
        }

        JsonPath results = given().get("/api/v1/campaigns/" + campaignId + "/results").then().statusCode(200).extract().jsonPath()
                .using(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals("holdout", results.getString("control"));
        assertEquals(List.of("a", "b", "holdout"), results.getList("arms.variant"));
        long[] holdout = expected.getOrDefault("holdout", new long[7]);
        for (int k = 0; k < 3; k++) {
            String arm = results.getString("arms[" + k + "].variant");
            long[] want = expected.getOrDefault(arm, new long[7]);
            String at = "arms[" + k + "].";
            assertEquals(List.of(want[0], want[1], want[2], want[3], want[4], want[5], want[6]), List.of(results.getLong(at + "entered"),
                    results.getLong(at + "requested"), results.getLong(at + "sent"), results.getLong(at + "delivered"), results.getLong(at + "opened"),
                    results.getLong(at + "clicked"), results.getLong(at + "converted")), arm);
            assertEquals((double) want[6] / want[0], results.getDouble(at + "conversionRate"), 1e-9, arm);
            Proportions.Interval ci = Proportions.wilson(want[6], want[0], Proportions.Z_95);
            assertEquals(ci.low(), results.getDouble(at + "confidenceInterval.low"), 1e-9);
            assertEquals(ci.high(), results.getDouble(at + "confidenceInterval.high"), 1e-9);
            if ("holdout".equals(arm)) {
                assertNull(results.get(at + "pValue"));
                assertNull(results.get(at + "lift"));
            } else {
                Proportions.Test test = Proportions.twoProportion(want[6], want[0], holdout[6], holdout[0]);
                assertEquals(test.pValue(), results.getDouble(at + "pValue"), 1e-9);
                assertEquals(test.z(), results.getDouble(at + "zScore"), 1e-9);
                double controlRate = (double) holdout[6] / holdout[0];
                assertEquals(((double) want[6] / want[0] - controlRate) / controlRate, results.getDouble(at + "lift"), 1e-9);
                assertEquals(test.pValue() < 0.05, results.getBoolean(at + "significant"));
            }
        }
    }

    private static CloudEvent delivery(UUID customer, String type, Object data) {
        return CloudEvent.of(DELIVERY, type, customer, data, CODEC.mapper());
    }
}
