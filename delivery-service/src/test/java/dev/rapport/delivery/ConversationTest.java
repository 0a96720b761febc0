package dev.rapport.delivery;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.delivery.DeliveryTesting.CODEC;
import static dev.rapport.delivery.DeliveryTesting.customer;
import static dev.rapport.delivery.DeliveryTesting.mailTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
@WithTestResource(value = ProviderReceiver.class, scope = TestResourceScope.GLOBAL)
class ConversationTest {

    @Test
    void decidesARequestDeliveredTwiceOnceAndPublishesEveryDecisionAndStatus() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL);
        UUID campaign = UUID.randomUUID();
        DeliveryRequested request = new DeliveryRequested(UUID.randomUUID(), id, campaign, 1, "B", "roses-20", CampaignCategory.PROMOTIONAL,
                10, List.of(Channel.EMAIL), null, List.of(new ChannelContent(Channel.EMAIL, "Roses", "<p>Roses</p>", "Roses")), null,
                Instant.now().plusSeconds(86_400));
        // the same request redelivered under another event id: still one decision
        for (int i = 0; i < 2; i++) {
            ServiceTopics.send(Topics.DELIVERY_REQUESTS, id.toString(), CODEC.encode(CloudEvent.of(UUID.nameUUIDFromBytes(("e" + i + id).getBytes()),
                    "/rapport/campaign-service", EventTypes.DELIVERY_REQUESTED, id, request, CODEC.mapper())));
        }

        JsonPath delivery = Eventually.await(() -> given().get("/api/v1/deliveries/" + request.requestId()).then().extract().jsonPath(),
                d -> "sent".equals(d.getString("status")));
        assertEquals("sent", delivery.getString("status"));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM delivery WHERE request_id = ?", request.requestId()));
        assertEquals(1, mailTo(email).size());
        List<ConsumerRecord<String, String>> events = ServiceTopics.readKey(Topics.DELIVERY_EVENTS, id.toString(),
                r -> r.value().contains(EventTypes.DELIVERY_STATUS_CHANGED));
        assertEquals(2, events.size(), "one decision, then the status");
        assertTrue(events.get(0).value().contains("\"decision\":\"sent\""));
        assertTrue(events.get(1).value().contains("\"status\":\"accepted\""));
    }

    @Test
    void theConversationShowsTheEmailOfferAndTheCustomersClickOnIt() throws Exception {
        UUID id = UUID.randomUUID();
        customer(id, "UTC", null, Channel.EMAIL);
        Map<String, Object> body = DeliveryTesting.request(id, "promotional", List.of("email"), "roses-20");
        UUID campaign = UUID.fromString((String) body.get("campaignId"));
        String messageId = DeliveryTesting.post(body).statusCode(201).extract().path("messageId");
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM delivery WHERE message_id = ? AND status = 'sent'", UUID.fromString(messageId)),
                n -> n == 1);
        InteractionRecorded click = new InteractionRecorded(UUID.randomUUID(), "app:" + UUID.randomUUID(), id, null, Channel.EMAIL,
                Direction.INBOUND, "click", Instant.now(), Instant.now(), campaign, UUID.fromString(messageId), "A", null, null,
                CODEC.mapper().createObjectNode().put("url", "https://shop.example.com/roses"));
        ServiceTopics.send(Topics.INTERACTION_EVENTS, id.toString(), CODEC.encode(CloudEvent.of("/rapport/interaction-service",
                EventTypes.INTERACTION_RECORDED, id, click, CODEC.mapper())));

        JsonPath conversation = Eventually.await(() -> given().get("/api/v1/conversations/" + id).then().statusCode(200).extract().jsonPath(),
                c -> c.getList("entries").size() == 4);
        assertEquals(List.of("request", "decision", "status", "response"), conversation.getList("entries.kind"));
        assertEquals("sent", conversation.getString("entries[1].decision"));
        assertEquals("email", conversation.getString("entries[1].channel"));
        assertEquals("roses-20", conversation.getString("entries[1].offerId"));
        assertEquals("click", conversation.getString("entries[3].reason"));
        assertEquals(messageId, conversation.getString("entries[3].messageId"), "the click is linked to the e-mail it answers");
        assertEquals("https://shop.example.com/roses", conversation.getString("entries[3].detail.details.url"));

        // having responded, the customer is not chased by the same campaign again
        Map<String, Object> again = DeliveryTesting.request(id, "promotional", List.of("email"), null);
        again.put("campaignId", campaign.toString());
        DeliveryTesting.post(again).statusCode(201).body("decision", equalTo("suppressed"))
                .body("reason", equalTo("customer already responded to campaign " + campaign));
    }

    @Test
    void anAgentLogsACallAndSendsAServiceMessageThroughThePolicy() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL);
        given().contentType("application/json").body(Map.of("kind", "call-log", "category", "service", "channels", List.of("phone"),
                        "subject", "delivery delayed", "text", "Customer informed, accepts new date", "agentId", "agent-7"))
                .post("/api/v1/conversations/" + id + "/messages").then().statusCode(201).body("kind", equalTo("call"));
        given().contentType("application/json").body(Map.of("category", "service", "channels", List.of("email"),
                        "subject", "Your new delivery date", "text", "Your order arrives on Friday.", "agentId", "agent-7"))
                .post("/api/v1/conversations/" + id + "/messages").then().statusCode(201)
                .body("decision", equalTo("sent")).body("channel", equalTo("email"));
        // no opt-in for promotions: an agent's promotional message is refused like any other
        given().contentType("application/json").body(Map.of("category", "promotional", "channels", List.of("sms"),
                        "text", "20% off", "agentId", "agent-7"))
                .post("/api/v1/conversations/" + id + "/messages").then().statusCode(201)
                .body("decision", equalTo("suppressed")).body("reason", equalTo("sms: no opt-in for promotional"));

        Eventually.await(() -> mailTo(email), list -> !list.isEmpty());
        JsonPath conversation = given().get("/api/v1/conversations/" + id).then().extract().jsonPath();
        assertEquals("call", conversation.getString("entries[0].kind"));
        assertEquals("Customer informed, accepts new date", conversation.getString("entries[0].detail.outcome"));
        assertEquals(List.of("sent", "suppressed"), conversation.getList("entries.findAll { it.kind == 'decision' }.decision"));
    }

    @Test
    void rejectsAnInvalidDirectRequestNamingTheField() {
        given().contentType("application/json").body(Map.of("requestId", UUID.randomUUID().toString(), "customerId", UUID.randomUUID().toString(),
                        "category", "spam", "allowedChannels", List.of("email"), "content", List.of(Map.of("channel", "email", "text", "x"))))
                .post("/api/v1/deliveries").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("category"));
        given().contentType("application/json").body(Map.of("maxPerWeek", -1, "minimumGap", "PT0S")).put("/api/v1/contact-policy")
                .then().statusCode(400).body("errors[0].field", equalTo("maxPerWeek"));
    }
}
