package dev.rapport.profile;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;
import dev.rapport.profile.value.ValueRescoring;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.rapport.profile.ProfileTesting.CODEC;
import static dev.rapport.profile.ProfileTesting.createWithEmail;
import static dev.rapport.profile.ProfileTesting.lookup;
import static dev.rapport.profile.ProfileTesting.profileEventsUntil;
import static dev.rapport.profile.ProfileTesting.publishPurchase;
import static dev.rapport.profile.ProfileTesting.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class CustomerValueTest {

    @Inject
    ValueRescoring rescoring;

    @Test
    void aPurchaseByAnUnknownIdentityCreatesAProspectWithItsValueWithinSeconds() {
        Identity stranger = new Identity(IdentityType.EMAIL, uniqueEmail());

        publishPurchase(null, stranger, UUID.randomUUID(), "120.50");

        Response found = Eventually.await(() -> lookup(stranger.asReference()), response -> response.statusCode() == 200);
        assertEquals(200, found.statusCode(), "the prospect is findable by the identity");
        UUID id = UUID.fromString(found.jsonPath().getString("id"));
        assertEquals(stranger.provisionalCustomerId(), id, "the prospect gets the id interaction-service keyed it by");
        JsonPath value = Eventually.await(() -> value(id), v -> v.getInt("orderCount") == 1);
        // ranked among all buyers; which tier depends on everyone else's revenue
        assertEquals(true, java.util.List.of("best", "high", "medium", "low").contains(value.getString("tier")), value.prettify());
        assertEquals(1, value.getInt("orderCount"));
        assertEquals(120.5, value.getDouble("revenue"), 0.0001);
        assertEquals(120.5, value.getDouble("averageOrder"), 0.0001);
        assertEquals("first-time", value.getString("lifecycle"));
        assertEquals(5, value.getInt("recencyScore"));
        assertEquals(1, value.getInt("frequencyScore"));
        assertEquals("EUR", value.getString("currency"));
    }

    @Test
    void countsAPurchaseDeliveredTwiceOnce() {
        UUID id = createWithEmail(uniqueEmail());
        UUID interaction = UUID.randomUUID();

        CloudEvent first = publishPurchase(id, null, interaction, "40");
        ServiceTopics.send(Topics.INTERACTION_EVENTS, id.toString(), CODEC.encode(first));
        // the same purchase republished under a new event id (e.g. an outbox retry upstream)
        publishPurchase(id, null, interaction, "40");
        publishPurchase(id, null, UUID.randomUUID(), "60");

        JsonPath value = Eventually.await(() -> value(id), v -> v.getDouble("revenue") >= 100);
        assertEquals(2, value.getInt("orderCount"));
        assertEquals(100.0, value.getDouble("revenue"), 0.0001);
        assertEquals(50.0, value.getDouble("averageOrder"), 0.0001);
        assertEquals("repeat", value.getString("lifecycle"));
    }

    @Test
    void ranksTheCustomersMakingUpTheTopTwentyPercentOfRevenueAsBestAndReRanksAsRevenueChanges() {
        UUID whale = createWithEmail(uniqueEmail());
        UUID minnow = createWithEmail(uniqueEmail());
        publishPurchase(whale, null, UUID.randomUUID(), "1000000000");
        publishPurchase(minnow, null, UUID.randomUUID(), "1");

        assertEquals("best", Eventually.await(() -> value(whale).getString("tier"), "best"::equals));
        assertEquals("low", Eventually.await(() -> value(minnow).getString("tier"), "low"::equals));
        assertEquals(5, value(whale).getInt("monetaryScore"));

        // a far bigger customer arrives: the former whale alone no longer makes up the top 20 %
        UUID bigger = createWithEmail(uniqueEmail());
        publishPurchase(bigger, null, UUID.randomUUID(), "10000000000");

        assertEquals("best", Eventually.await(() -> value(bigger).getString("tier"), "best"::equals));
        assertEquals("low", Eventually.await(() -> value(whale).getString("tier"), "low"::equals));
    }

    @Test
    void aSilentBuyerBecomesLapsedWhenRescoredAfterTimePassed() {
        UUID id = createWithEmail(uniqueEmail());
        publishPurchase(id, null, UUID.randomUUID(), "35");
        Eventually.await(() -> value(id).getInt("orderCount"), n -> n == 1);
        assertEquals("first-time", value(id).getString("lifecycle"));
        // as if the purchase had been 400 days ago and its value last computed then
        ServiceDatabase.execute("UPDATE purchase SET occurred_at = now() - interval '400 days' WHERE customer_id = ?", id);
        ServiceDatabase.execute("UPDATE customer_value SET updated_at = now() - interval '400 days' WHERE customer_id = ?", id);

        Integer changed = Eventually.await(this::rescoreNow, n -> n == 0);

        assertEquals(0, changed, "every stale buyer was rescored");
        JsonPath value = value(id);
        assertEquals("lapsed", value.getString("lifecycle"));
        assertEquals(1, value.getInt("recencyScore"));
        assertEquals(true, profileEventsUntil(id, e -> "lapsed".equals(e.get("data").get("value").get("lifecycle").asText())).size() > 1);
    }

    private int rescoreNow() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> rescoring.rescoreBatch());
        } catch (Throwable failure) {
            throw new IllegalStateException(failure);
        }
    }

    static JsonPath value(UUID id) {
        return given().get("/api/v1/profiles/" + id + "/value").then().statusCode(200).extract().jsonPath();
    }
}
