package dev.rapport.interaction;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.ResponseKind;
import dev.rapport.contracts.events.ResponseTracked;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.interaction.InteractionTesting.JSON;
import static dev.rapport.interaction.InteractionTesting.pageView;
import static dev.rapport.interaction.InteractionTesting.post;
import static dev.rapport.interaction.InteractionTesting.problem;
import static dev.rapport.interaction.InteractionTesting.publish;
import static dev.rapport.interaction.InteractionTesting.purchase;
import static dev.rapport.interaction.InteractionTesting.with;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "interaction"))
class TimelineAndHistoryTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void pagesNewestFirstWithACursorThatStaysCorrectWhileNewInteractionsArrive() {
        UUID customer = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            post(pageView(customer, T0.plusSeconds(i * 60L))).statusCode(201);
        }

        JsonPath first = timeline(customer, Map.of("limit", 2));
        assertEquals(List.of(T0.plusSeconds(240).toString(), T0.plusSeconds(180).toString()), first.getList("items.occurredAt"));
        post(pageView(customer, T0.plusSeconds(3600))).statusCode(201);           // newer than everything
        JsonPath second = timeline(customer, Map.of("limit", 2, "cursor", first.getString("nextCursor")));
        JsonPath third = timeline(customer, Map.of("limit", 2, "cursor", second.getString("nextCursor")));

        assertEquals(List.of(T0.plusSeconds(120).toString(), T0.plusSeconds(60).toString()), second.getList("items.occurredAt"));
        assertEquals(List.of(T0.toString()), third.getList("items.occurredAt"));
        assertNull(third.getString("nextCursor"));
        assertEquals(T0.plusSeconds(3600).toString(), timeline(customer, Map.of("limit", 1)).getString("items[0].occurredAt"));
    }

    @Test
    void filtersByChannelTypeDirectionAndTime() {
        UUID customer = UUID.randomUUID();
        post(pageView(customer, T0)).statusCode(201);
        post(purchase(customer, T0.plusSeconds(60), "12.50")).statusCode(201);
        post(with(with(pageView(customer, T0.plusSeconds(120)), "channel", "app"), "type", "product-view"))
                .statusCode(400);
        Map<String, Object> productView = with(with(pageView(customer, T0.plusSeconds(120)), "channel", "app"), "type", "product-view");
        productView.put("details", Map.of("productId", "rose-1", "category", "garden"));
        post(productView).statusCode(201);

        assertEquals(List.of("page-view"), timeline(customer, Map.of("channel", "web")).getList("items.type"));
        assertEquals(List.of("purchase"), timeline(customer, Map.of("type", "purchase")).getList("items.type"));
        assertEquals(3, timeline(customer, Map.of("direction", "inbound")).getList("items").size());
        assertEquals(0, timeline(customer, Map.of("direction", "outbound")).getList("items").size());
        assertEquals(List.of("purchase", "page-view"),
                timeline(customer, Map.of("from", T0.toString(), "to", T0.plusSeconds(120).toString())).getList("items.type"));
        problem(given().queryParam("cursor", "not-a-cursor").get("/api/v1/customers/" + customer + "/timeline").then(), 400)
                .body("errors[0].field", equalTo("cursor"));
        problem(given().queryParam("channel", "fax").get("/api/v1/customers/" + customer + "/timeline").then(), 400)
                .body("errors[0].field", equalTo("channel"));
    }

    @Test
    void showsAMergedCustomersHistoryUnderTheSurvivorAndPurgesItOnErasure() {
        UUID survivor = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        Identity email = new Identity(IdentityType.EMAIL, "erase-" + UUID.randomUUID() + "@example.com");
        post(pageView(survivor, T0)).statusCode(201);
        post(pageView(merged, T0.plusSeconds(60))).statusCode(201);
        Map<String, Object> anonymous = with(pageView(UUID.randomUUID(), T0.plusSeconds(90)), "customerId", null);
        anonymous.put("identity", Map.of("type", "email", "value", email.value()));
        post(anonymous).statusCode(201);

        ProfileEvents.merged(survivor, merged);
        Eventually.await(() -> timeline(survivor, Map.of()).getList("items").size(), n -> n == 2);
        assertEquals(2, timeline(survivor, Map.of()).getList("items").size());
        assertEquals(survivor.toString(), timeline(merged, Map.of()).getString("customerId"));

        ProfileEvents.erased(survivor, List.of(merged), List.of(email));
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM interaction WHERE customer_id IN (?, ?, ?)",
                survivor, merged, email.provisionalCustomerId()), n -> n == 0);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM interaction WHERE customer_id IN (?, ?, ?) OR identity_value = ?",
                survivor, merged, email.provisionalCustomerId(), email.value()));
        assertEquals(0, timeline(survivor, Map.of()).getList("items").size());
    }

    @Test
    void recordsSentMessagesAndTrackedResponsesFromDeliveryEvents() {
        UUID customer = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        UUID message = UUID.randomUUID();
        DeliveryDecided sent = new DeliveryDecided(UUID.randomUUID(), message, customer, campaign, "B", "offer-7",
                CampaignCategory.PROMOTIONAL, Channel.EMAIL, Decision.SENT, null, null, T0);
        DeliveryDecided suppressed = new DeliveryDecided(UUID.randomUUID(), UUID.randomUUID(), customer, campaign, "B", "offer-7",
                CampaignCategory.PROMOTIONAL, Channel.SMS, Decision.SUPPRESSED, "weekly cap reached", null, T0);
        ResponseTracked click = new ResponseTracked(message, customer, campaign, "B", "offer-7", Channel.EMAIL, ResponseKind.CLICK,
                "https://shop.example.com/roses", T0.plusSeconds(600));
        CloudEvent clickEvent = CloudEvent.of("/rapport/delivery-service", EventTypes.RESPONSE_TRACKED, customer, click, JSON);
        publish(Topics.DELIVERY_EVENTS, customer, CloudEvent.of("/rapport/delivery-service", EventTypes.DELIVERY_DECIDED, customer, sent, JSON));
        publish(Topics.DELIVERY_EVENTS, customer, CloudEvent.of("/rapport/delivery-service", EventTypes.DELIVERY_DECIDED, customer, suppressed, JSON));
        publish(Topics.DELIVERY_EVENTS, customer, clickEvent);
        publish(Topics.DELIVERY_EVENTS, customer, clickEvent);

        JsonPath page = Eventually.await(() -> timeline(customer, Map.of()), p -> p.getList("items").size() >= 2);
        assertEquals(List.of("click", "message-sent"), page.getList("items.type"));
        assertEquals(List.of("inbound", "outbound"), page.getList("items.direction"));
        assertEquals(message.toString(), page.getString("items[0].messageId"));
        assertEquals(campaign.toString(), page.getString("items[0].campaignId"));
        assertEquals("https://shop.example.com/roses", page.getString("items[0].details.url"));
        assertEquals("offer-7", page.getString("items[1].details.offerId"));
        assertEquals("B", page.getString("items[1].variant"));
    }

    @Test
    void countsRevenueByChannelTypeAndDayAndAttributesConversionsToCampaigns() {
        // a range no other test writes into
        Instant day = Instant.parse("2001-03-05T08:00:00Z");
        UUID buyer = UUID.randomUUID();
        UUID browser = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        List<Object> batch = new ArrayList<>();
        batch.add(with(with(pageView(buyer, day), "campaignId", null), "channel", "web"));
        batch.add(purchase(buyer, day.plusSeconds(3600), "50.00"));
        batch.add(purchase(browser, day.plusSeconds(86_400), "30.00"));
        Map<String, Object> sentToBuyer = message(buyer, campaign, "email", day.minusSeconds(7200));
        Map<String, Object> sentToBrowser = message(browser, campaign, "sms", day.minus(java.time.Duration.ofDays(10)));
        batch.add(sentToBuyer);
        batch.add(sentToBrowser);
        Map<String, Object> open = with(with(pageView(buyer, day.minusSeconds(3600)), "type", "open"), "details", Map.of());
        open.put("campaignId", campaign.toString());
        open.put("channel", "email");
        batch.add(open);
        given().contentType("application/json").body(Map.of("items", batch)).post("/api/v1/interactions/batch")
                .then().statusCode(200).body("accepted", equalTo(6));

        JsonPath channels = given().queryParam("from", "2001-03-01T00:00:00Z").queryParam("to", "2001-03-10T00:00:00Z")
                .get("/api/v1/analytics/channels").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("email", "store", "web"), channels.getList("byChannel.channel"));
        assertEquals(2, channels.getInt("byChannel.find { it.channel == 'store' }.purchases"));
        assertEquals(80.0f, channels.getFloat("byChannel.find { it.channel == 'store' }.revenue"));
        assertEquals(1, channels.getInt("byChannel.find { it.channel == 'email' }.outbound"));
        assertEquals(80.0f, channels.getFloat("byType.find { it.type == 'purchase' }.revenue"));
        assertEquals(List.of("2001-03-05", "2001-03-05", "2001-03-05", "2001-03-06"), channels.getList("byDay.day"));

        JsonPath result = given().queryParam("from", "2001-02-01T00:00:00Z").queryParam("to", "2001-03-10T00:00:00Z")
                .get("/api/v1/analytics/campaigns/" + campaign).then().statusCode(200).extract().jsonPath();
        assertEquals(2, result.getInt("total.sent"));
        assertEquals(1, result.getInt("total.opens"));
        assertEquals(1, result.getInt("total.conversions"), "only the buyer bought within 7 days of the message");
        assertEquals(50.0f, result.getFloat("total.revenue"));
        assertEquals(1, result.getInt("byChannel.find { it.channel == 'email' }.conversions"));
        assertEquals(0, result.getInt("byChannel.find { it.channel == 'sms' }.conversions"));
        problem(given().queryParam("window", "a week").get("/api/v1/analytics/campaigns/" + campaign).then(), 400)
                .body("errors[0].field", equalTo("window"));
    }

    private static Map<String, Object> message(UUID customer, UUID campaign, String channel, Instant at) {
        Map<String, Object> sent = with(with(pageView(customer, at), "type", "message-sent"), "details", Map.of("offerId", "o-1"));
        sent.put("channel", channel);
        sent.put("direction", "outbound");
        sent.put("campaignId", campaign.toString());
        sent.put("messageId", UUID.randomUUID().toString());
        return sent;
    }

    private static JsonPath timeline(UUID customer, Map<String, ?> query) {
        return given().queryParams(query).get("/api/v1/customers/" + customer + "/timeline").then().statusCode(200).extract().jsonPath();
    }
}
