package dev.rapport.campaign;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.ValueTier;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.campaign.CampaignTesting.CODEC;
import static dev.rapport.campaign.CampaignTesting.activate;
import static dev.rapport.campaign.CampaignTesting.awaitProcessed;
import static dev.rapport.campaign.CampaignTesting.campaign;
import static dev.rapport.campaign.CampaignTesting.customer;
import static dev.rapport.campaign.CampaignTesting.entries;
import static dev.rapport.campaign.CampaignTesting.event;
import static dev.rapport.campaign.CampaignTesting.garden;
import static dev.rapport.campaign.CampaignTesting.interaction;
import static dev.rapport.campaign.CampaignTesting.marker;
import static dev.rapport.campaign.CampaignTesting.publish;
import static dev.rapport.campaign.CampaignTesting.requests;
import static dev.rapport.campaign.CampaignTesting.segment;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "campaign"))
class CampaignTriggerTest {

    @Test
    void aPurchaseTriggersExactlyOneRequestPerEligibleCustomerEvenWhenDeliveredTwice() {
        String marker = marker();
        UUID ann = customer(marker, "Ann", ValueTier.MEDIUM);
        UUID outsider = customer(marker(), "Olaf", ValueTier.MEDIUM);
        String campaignId = activate(campaign(segment(marker), "Hello {customer.givenName}, thank you for your {campaign.name} order."));

        InteractionRecorded purchase = interaction(ann, "purchase", Instant.now(), garden());
        CloudEvent first = event(purchase);
        // the same record redelivered, and the same interaction published again under a new event id
        CloudEvent republished = event(purchase);
        publish(first, first, republished);
        CloudEvent outsiderPurchase = event(interaction(outsider, "purchase", Instant.now(), garden()));
        CloudEvent kitchenOnly = event(interaction(ann, "purchase", Instant.now(), CODEC.mapper().createObjectNode().put("category", "kitchen")));
        publish(outsiderPurchase, kitchenOnly);
        awaitProcessed(republished);
        awaitProcessed(outsiderPurchase);
        awaitProcessed(kitchenOnly);

        List<DeliveryRequested> requests = requests(ann, campaignId);
        assertEquals(1, requests.size());
        DeliveryRequested request = requests.get(0);
        assertEquals(UUID.nameUUIDFromBytes((campaignId + "/1/" + ann + "/interaction:" + purchase.interactionId()).getBytes(StandardCharsets.UTF_8)),
                request.requestId());
        assertEquals("Hello Ann, thank you for your Thank you order.", request.content().get(0).text());
        assertEquals("Thanks, Ann", request.content().get(0).subject());
        assertEquals("default", request.variant());
        assertNull(request.notBefore());
        assertEquals(List.of(), requests(outsider, campaignId));
        assertEquals(0, entries(campaignId, outsider));
    }

    @Test
    void aPurchaseKeyedByTheProvisionalIdOfAnIdentityJustAddedToAProfileIsThatCustomersPurchaseAndTrigger() {
        String marker = marker();
        UUID bea = UUID.randomUUID();
        Identity email = new Identity(IdentityType.EMAIL, "bea-" + marker + "@example.com");
        ProfileChanged snapshot = new ProfileChanged(bea, 1, new PersonName(null, "Bea", "Tester"), null, "UTC", null,
                CODEC.mapper().createObjectNode().put("marker", marker), null, List.of(email), List.of(), List.of(), null, null, Instant.now());
        ServiceTopics.send(Topics.PROFILE_EVENTS, bea.toString(),
                CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, bea, snapshot, CODEC.mapper())));
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id = ? AND snapshot IS NOT NULL", bea), n -> n == 1);
        String campaignId = activate(campaign(segment(marker), "Thank you, {customer.givenName}."));

        // interaction-service had not learnt the e-mail address yet: it keyed the purchase by the address's provisional id
        InteractionRecorded base = interaction(email.provisionalCustomerId(), "purchase", Instant.now(), garden());
        InteractionRecorded purchase = new InteractionRecorded(base.interactionId(), null, email.provisionalCustomerId(), email, base.channel(),
                base.direction(), base.type(), base.occurredAt(), base.recordedAt(), null, null, null, base.amount(), base.currency(), base.details());
        CloudEvent event = event(purchase);
        publish(event);
        awaitProcessed(event);

        List<DeliveryRequested> requests = requests(bea, campaignId);
        assertEquals(1, requests.size());
        assertEquals("Thank you, Bea.", requests.get(0).content().get(0).text());
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM customer_purchase WHERE customer_id = ?", bea));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id = ?", email.provisionalCustomerId()));
    }

    @Test
    void aPurchaseThatCameUnderAProvisionalIdBeforeTheProfileNamedTheIdentityBecomesThatCustomers() {
        String marker = marker();
        UUID cleo = UUID.randomUUID();
        Identity phone = new Identity(IdentityType.PHONE, "+4420794" + (10000 + (int) (Math.random() * 80000)));
        InteractionRecorded base = interaction(phone.provisionalCustomerId(), "purchase", Instant.now(), garden());
        CloudEvent purchase = event(new InteractionRecorded(base.interactionId(), null, phone.provisionalCustomerId(), phone, base.channel(),
                base.direction(), base.type(), base.occurredAt(), base.recordedAt(), null, null, null, base.amount(), base.currency(), base.details()));
        publish(purchase);
        awaitProcessed(purchase);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM customer_purchase WHERE customer_id = ?", phone.provisionalCustomerId()));

        ProfileChanged snapshot = new ProfileChanged(cleo, 1, new PersonName(null, "Cleo", "Tester"), null, "UTC", null,
                CODEC.mapper().createObjectNode().put("marker", marker), null, List.of(phone), List.of(), List.of(), null, null, Instant.now());
        ServiceTopics.send(Topics.PROFILE_EVENTS, cleo.toString(),
                CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, cleo, snapshot, CODEC.mapper())));
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id = ? AND snapshot IS NOT NULL", cleo), n -> n == 1);

        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM customer_purchase WHERE customer_id = ?", cleo));
        assertEquals(1, ServiceDatabase.count("SELECT order_count FROM customer WHERE customer_id = ?", cleo));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id = ?", phone.provisionalCustomerId()));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM customer_purchase WHERE customer_id = ?", phone.provisionalCustomerId()));
    }

    @Test
    void holdoutCustomersGetNothingAndEveryoneKeepsTheArmTheHashGivesThem() {
        String marker = marker();
        Map<String, Object> spec = campaign(segment(marker), "Hi {customer.givenName}");
        spec.put("holdoutPercent", 50);
        spec.put("variants", List.of(Map.of("name", "a", "weight", 1), Map.of("name", "b", "weight", 1,
                "content", List.of(Map.of("channel", "email", "subject", "B for {customer.givenName}", "text", "Variant B")))));
        String campaignId = activate(spec);
        List<UUID> customers = new ArrayList<>();
        List<CloudEvent> purchases = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID customer = customer(marker, "C" + i, ValueTier.LOW);
            customers.add(customer);
            purchases.add(event(interaction(customer, "purchase", Instant.now(), garden())));
        }
        publish(purchases.toArray(CloudEvent[]::new));
        purchases.forEach(CampaignTesting::awaitProcessed);

        int held = 0;
        for (UUID customer : customers) {
            List<Object[]> entry = ServiceDatabase.rows("SELECT variant, holdout FROM campaign_request WHERE campaign_id = CAST(? AS uuid) AND customer_id = ?",
                    campaignId, customer);
            assertEquals(1, entry.size(), "one entry per customer");
            List<DeliveryRequested> requests = requests(customer, campaignId);
            if ((Boolean) entry.get(0)[1]) {
                held++;
                assertEquals(List.of(), requests, "a holdout customer gets nothing");
            } else {
                assertEquals(1, requests.size());
                assertEquals(entry.get(0)[0], requests.get(0).variant());
                assertEquals("b".equals(entry.get(0)[0]) ? "Variant B" : "Hi " + ServiceDatabase.rows(
                        "SELECT snapshot -> 'name' ->> 'givenName', 1 FROM customer WHERE customer_id = ?", customer).get(0)[0],
                        requests.get(0).content().get(0).text());
            }
        }
        assertTrue(held > 0 && held < 12, "half the audience is held out, here " + held + " of 12");
    }

    @Test
    void anAdaptiveCampaignAssignsEveryEntryOneOfItsVariants() {
        String marker = marker();
        Map<String, Object> spec = campaign(segment(marker), "Hi");
        spec.put("allocation", "thompson");
        spec.put("variants", List.of(Map.of("name", "a", "weight", 1), Map.of("name", "b", "weight", 1)));
        String campaignId = activate(spec);
        List<UUID> customers = new ArrayList<>();
        List<CloudEvent> purchases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID customer = customer(marker, "T" + i, ValueTier.LOW);
            customers.add(customer);
            purchases.add(event(interaction(customer, "purchase", Instant.now(), garden())));
        }
        publish(purchases.toArray(CloudEvent[]::new));
        purchases.forEach(CampaignTesting::awaitProcessed);

        for (UUID customer : customers) {
            List<DeliveryRequested> requests = requests(customer, campaignId);
            assertEquals(1, requests.size());
            assertTrue(List.of("a", "b").contains(requests.get(0).variant()), requests.get(0).variant());
        }
        given().get("/api/v1/campaigns/" + campaignId + "/results").then().statusCode(200).body("allocation", equalTo("thompson"))
                .body("control", equalTo("a"));
    }

    @Test
    void valueClaimWordingOnlyReachesCustomersWhoseTierSupportsIt() {
        String marker = marker();
        UUID best = customer(marker, "Bea <3", ValueTier.BEST);
        UUID medium = customer(marker, "Max", ValueTier.MEDIUM);
        Map<String, Object> spec = campaign(segment(marker), "{customer.givenName}, you are our most valuable customer.");
        spec.put("content", List.of(Map.of("channel", "email", "subject", "For you", "text", "{customer.givenName}, you are our most valuable customer.",
                "html", "<p>{customer.givenName}, you are our <b>most valuable</b> customer.</p>")));
        String campaignId = activate(spec);
        CloudEvent bestBuys = event(interaction(best, "purchase", Instant.now(), garden()));
        CloudEvent mediumBuys = event(interaction(medium, "purchase", Instant.now(), garden()));
        publish(bestBuys, mediumBuys);
        awaitProcessed(bestBuys);
        awaitProcessed(mediumBuys);

        DeliveryRequested request = requests(best, campaignId).get(0);
        assertEquals("Bea <3, you are our most valuable customer.", request.content().get(0).text());
        assertEquals("<p>Bea &lt;3, you are our <b>most valuable</b> customer.</p>", request.content().get(0).html(), "profile values are escaped in HTML");
        assertEquals(List.of(), requests(medium, campaignId));
        assertEquals(0, entries(campaignId, medium));
    }

    @Test
    void anOfferWhoseBudgetIsRedeemedIsNotOfferedAgain() {
        String marker = marker();
        UUID first = customer(marker, "Fay", ValueTier.LOW);
        UUID second = customer(marker, "Sam", ValueTier.LOW);
        Map<String, Object> spec = campaign(segment(marker), "Use {offer.id} on your next order");
        spec.put("offers", List.of(Map.of("id", "GARDEN10-" + marker, "maxRedemptions", 1)));
        String campaignId = activate(spec);
        CloudEvent firstBuys = event(interaction(first, "purchase", Instant.now(), garden()));
        publish(firstBuys);
        awaitProcessed(firstBuys);
        assertEquals("Use GARDEN10-" + marker + " on your next order", requests(first, campaignId).get(0).content().get(0).text());

        CloudEvent redeemed = event(interaction(first, "purchase", Instant.now(), CODEC.mapper().createObjectNode().put("offerId", "GARDEN10-" + marker)));
        publish(redeemed);
        awaitProcessed(redeemed);
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM offer_redemption WHERE campaign_id = CAST(? AS uuid)", campaignId));
        CloudEvent secondBuys = event(interaction(second, "purchase", Instant.now(), garden()));
        publish(secondBuys);
        awaitProcessed(secondBuys);

        assertEquals(List.of(), requests(second, campaignId));
        assertEquals(0, entries(campaignId, second));
    }

    @Test
    void reentryEveryNDaysLetsACustomerInAgainOnlyAfterTheInterval() {
        String marker = marker();
        UUID customer = customer(marker, "Rea", ValueTier.LOW);
        Map<String, Object> spec = campaign(segment(marker), "Hi again");
        spec.put("reentry", Map.of("mode", "every", "everyDays", 7));
        spec.put("delay", "PT2H");
        String campaignId = activate(spec);
        InteractionRecorded firstPurchase = interaction(customer, "purchase", Instant.now(), garden());
        CloudEvent firstBuys = event(firstPurchase);
        CloudEvent soonAfter = event(interaction(customer, "purchase", Instant.now(), garden()));
        publish(firstBuys, soonAfter);
        awaitProcessed(soonAfter);
        List<DeliveryRequested> first = requests(customer, campaignId);
        assertEquals(1, first.size(), "a second purchase within 7 days does not re-enter");
        assertEquals(firstPurchase.occurredAt().plus(2, ChronoUnit.HOURS), first.get(0).notBefore());

        ServiceDatabase.execute("UPDATE campaign_request SET requested_at = requested_at - interval '8 days' WHERE campaign_id = CAST(? AS uuid)", campaignId);
        CloudEvent eightDaysLater = event(interaction(customer, "purchase", Instant.now(), garden()));
        publish(eightDaysLater);
        awaitProcessed(eightDaysLater);

        List<DeliveryRequested> all = requests(customer, campaignId);
        assertEquals(2, all.size());
        assertEquals(first.get(0).variant(), all.get(1).variant());
    }

    @Test
    void aScheduledCampaignStreamsItsWholeAudienceOnceAndCompletes() {
        String marker = marker();
        List<UUID> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            members.add(customer(marker, "S" + i, ValueTier.HIGH));
        }
        UUID outsider = customer(marker(), "Out", ValueTier.HIGH);
        Map<String, Object> spec = campaign(segment(marker), "Our spring catalogue is out, {customer.givenName}");
        spec.put("trigger", Map.of("type", "schedule", "at", Instant.now().minusSeconds(1).toString()));
        String campaignId = activate(spec);

        Eventually.await(() -> given().get("/api/v1/campaigns/" + campaignId).then().extract().<String>path("status"), "completed"::equals);

        for (UUID member : members) {
            assertEquals(1, requests(member, campaignId).size());
        }
        assertEquals(List.of(), requests(outsider, campaignId));
        assertEquals(7, ServiceDatabase.count("SELECT sum(entered) FROM audience_run WHERE campaign_id = CAST(? AS uuid)", campaignId));
    }

    @Test
    void anInactivityCampaignReachesOnlyCustomersAwayForLongerThanItsDays() {
        String marker = marker();
        UUID away = customer(marker, "Al", ValueTier.LOW);
        UUID recent = customer(marker, "Rick", ValueTier.LOW);
        CloudEvent oldVisit = event(interaction(away, "page-view", Instant.now().minus(100, ChronoUnit.DAYS), null));
        CloudEvent newVisit = event(interaction(recent, "page-view", Instant.now().minus(1, ChronoUnit.DAYS), null));
        publish(oldVisit, newVisit);
        awaitProcessed(oldVisit);
        awaitProcessed(newVisit);
        Map<String, Object> spec = campaign(segment(marker), "We miss you, {customer.givenName}");
        spec.put("trigger", Map.of("type", "inactivity", "inactiveDays", 90));
        String campaignId = activate(spec);

        Eventually.await(() -> entries(campaignId, away), n -> n == 1);
        // a later scan of the same stretch of inactivity does not enter the customer again
        long scans = ServiceDatabase.count("SELECT count(*) FROM audience_run WHERE campaign_id = CAST(? AS uuid)", campaignId);
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM audience_run WHERE campaign_id = CAST(? AS uuid) AND finished_at IS NOT NULL",
                campaignId), n -> n > scans);
        assertEquals(1, requests(away, campaignId).size());
        assertEquals("We miss you, Al", requests(away, campaignId).get(0).content().get(0).text());
        assertEquals(0, entries(campaignId, recent));
    }

    @Test
    void aCampaignPastItsValidityCompletesAndTriggersNothingMore() {
        String marker = marker();
        UUID customer = customer(marker, "Val", ValueTier.LOW);
        Map<String, Object> spec = campaign(segment(marker), "Last chance");
        spec.put("validUntil", Instant.now().plusSeconds(2).toString());
        String campaignId = activate(spec);

        Eventually.await(() -> given().get("/api/v1/campaigns/" + campaignId).then().extract().<String>path("status"), "completed"::equals);
        CloudEvent late = event(interaction(customer, "purchase", Instant.now(), garden()));
        publish(late);
        awaitProcessed(late);

        assertEquals(0, entries(campaignId, customer));
        given().contentType("application/json").body(spec).put("/api/v1/campaigns/" + campaignId).then().statusCode(409);
        given().post("/api/v1/campaigns/" + campaignId + "/activate").then().statusCode(409);
    }

    @Test
    void segmentMembershipFollowsProfileEvents() {
        String marker = marker();
        String segmentId = given().contentType("application/json").body(Map.of("name", "best " + marker,
                        "rule", Map.of("all", List.of(Map.of("field", "traits.marker", "op", "eq", "value", marker),
                                Map.of("field", "value.tier", "op", "eq", "value", "best")))))
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
        UUID customer = customer(marker, "Mo", ValueTier.BEST);
        UUID other = customer(marker, "Ned", ValueTier.LOW);

        Eventually.await(() -> given().get("/api/v1/segments/" + segmentId + "/members").then().statusCode(200).extract().jsonPath()
                .getList("members", String.class), members -> members.equals(List.of(customer.toString())));
        CampaignTesting.profile(customer, 2, marker, "Mo", ValueTier.MEDIUM);
        CampaignTesting.profile(other, 2, marker, "Ned", ValueTier.BEST);

        Eventually.await(() -> given().get("/api/v1/segments/" + segmentId + "/members").then().extract().jsonPath()
                .getList("members", String.class), members -> members.equals(List.of(other.toString())));
        given().get("/api/v1/segments/" + segmentId + "/members").then().body("count", equalTo(1));
    }

    @Test
    void aNewSegmentIsFilledFromCustomersKnownBeforeAndRefilledWhenItsRuleChanges() {
        String marker = marker();
        UUID best = customer(marker, "Bo", ValueTier.BEST);
        UUID low = customer(marker, "Lu", ValueTier.LOW);
        Map<String, Object> bestRule = Map.of("all", List.of(Map.of("field", "traits.marker", "op", "eq", "value", marker),
                Map.of("field", "value.tier", "op", "eq", "value", "best")));
        String segmentId = given().contentType("application/json").body(Map.of("name", "best " + marker, "rule", bestRule))
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");

        // no event about either customer after the segment exists: the evaluation of everyone known fills it
        Eventually.await(() -> given().get("/api/v1/segments/" + segmentId + "/members").then().statusCode(200).extract().jsonPath()
                .getList("members", String.class), members -> members.equals(List.of(best.toString())));

        Map<String, Object> lowRule = Map.of("all", List.of(Map.of("field", "traits.marker", "op", "eq", "value", marker),
                Map.of("field", "value.tier", "op", "eq", "value", "low")));
        given().contentType("application/json").body(Map.of("name", "low " + marker, "rule", lowRule))
                .put("/api/v1/segments/" + segmentId).then().statusCode(200);

        Eventually.await(() -> given().get("/api/v1/segments/" + segmentId + "/members").then().extract().jsonPath()
                .getList("members", String.class), members -> members.equals(List.of(low.toString())));
        given().get("/api/v1/segments/" + segmentId + "/members").then().body("count", equalTo(1));
    }

    @Test
    void aSegmentInUseCannotBeDeletedAndAVariantMustNameAKnownOffer() {
        String segmentId = segment(marker());
        Map<String, Object> spec = campaign(segmentId, "Hi");
        spec.put("offers", List.of(Map.of("id", "A")));
        spec.put("variants", List.of(Map.of("name", "x", "weight", 1, "offerId", "B")));
        given().contentType("application/json").body(spec).post("/api/v1/campaigns").then().statusCode(400)
                .body("errors[0].field", equalTo("variants[0].offerId"));
        Map<String, Object> valid = new HashMap<>(spec);
        valid.put("variants", List.of(Map.of("name", "x", "weight", 1, "offerId", "A")));
        activate(valid);
        given().delete("/api/v1/segments/" + segmentId).then().statusCode(409).contentType("application/problem+json");
    }
}
