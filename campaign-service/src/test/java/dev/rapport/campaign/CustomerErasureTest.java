package dev.rapport.campaign;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.ProfileErased;
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

import java.time.Instant;
import java.util.List;
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
import static dev.rapport.campaign.CampaignTesting.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "campaign"))
class CustomerErasureTest {

    @Test
    void anErasedCustomerLeavesNoRowAndNoAudienceRunCursorBehindButStaysCountedInResults() {
        String marker = marker();
        UUID erased = customer(marker, "Erin", ValueTier.MEDIUM);
        String campaignId = activate(campaign(segment(marker), "Thanks, {customer.givenName}"));
        CloudEvent purchase = event(interaction(erased, "purchase", Instant.now(), garden()));
        publish(purchase);
        awaitProcessed(purchase);
        assertEquals(1, entries(campaignId, erased));
        // an audience run that got as far as the customer (finished or paused there)
        UUID run = UUID.randomUUID();
        ServiceDatabase.execute("INSERT INTO audience_run (campaign_id, occurrence, after_customer, started_at, finished_at) "
                + "VALUES (?, 'erasure-test', ?, now(), now())", run, erased);
        List<Object[]> before = ServiceDatabase.rows(
                "SELECT customer_id, 1 FROM customer WHERE customer_id < ? ORDER BY customer_id DESC LIMIT 1", erased);
        UUID previous = before.isEmpty() ? null : (UUID) before.get(0)[0];
        System.out.printf("[campaign-erasure] injected: customer %s (segment member, campaign entry, purchase) and an audience run "
                + "whose cursor stands at them; the customer before them is %s%n", erased, previous);

        ProfileErased erasure = new ProfileErased(erased, List.of(), List.of(), Instant.now());
        ServiceTopics.send(Topics.PROFILE_EVENTS, erased.toString(),
                CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_ERASED, erased, erasure, CODEC.mapper())));

        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id = ?", erased), n -> n == 0);
        for (String table : List.of("customer", "customer_purchase", "segment_member", "campaign_request")) {
            assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM " + table + " WHERE customer_id = ?", erased), table);
        }
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM audience_run WHERE after_customer = ?", erased));
        List<Object[]> cursor = ServiceDatabase.rows("SELECT after_customer, 1 FROM audience_run WHERE campaign_id = ?", run);
        assertEquals(previous, cursor.get(0)[0], "the cursor steps back to the customer before, so the run goes on where it was");
        assertNotEquals(erased, cursor.get(0)[0]);
        assertEquals(1, ServiceDatabase.count(
                "SELECT count(*) FROM campaign_request WHERE campaign_id = CAST(? AS uuid) AND customer_id IS NULL", campaignId));
        System.out.printf("[campaign-erasure] verified: no customer, purchase, membership or entry row names %s; the audience run's "
                + "cursor moved to %s; the campaign still counts 1 anonymous entry%n", erased, cursor.get(0)[0]);
    }
}
