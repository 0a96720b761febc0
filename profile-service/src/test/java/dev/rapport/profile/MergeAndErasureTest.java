package dev.rapport.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.profile.privacy.ErasedProfile;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.profile.ProfileApiTest.problem;
import static dev.rapport.profile.ProfileTesting.create;
import static dev.rapport.profile.ProfileTesting.createWithEmail;
import static dev.rapport.profile.ProfileTesting.lookup;
import static dev.rapport.profile.ProfileTesting.profileEventsUntil;
import static dev.rapport.profile.ProfileTesting.publishPurchase;
import static dev.rapport.profile.ProfileTesting.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class MergeAndErasureTest {

    @Test
    void mergeKeepsEveryIdentityTheStricterConsentAndTheCombinedValue() {
        String email = uniqueEmail();
        String card = "LC-" + UUID.randomUUID();
        UUID survivor = createWithEmail(email);
        UUID other = create(Map.of("name", Map.of("givenName", "J."), "identities", List.of(Map.of("type", "loyalty-card", "value", card))));
        consent(other, "email", "promotional", "opt-out", "store");
        consent(survivor, "email", "promotional", "opt-in", "web");
        consent(other, "sms", "service", "opt-in", "app");
        given().contentType("application/json").body(Map.of("maxPerWeek", 5)).put("/api/v1/profiles/" + survivor + "/preferences").then().statusCode(200);
        given().contentType("application/json").body(Map.of("maxPerWeek", 2, "topics", List.of("garden")))
                .put("/api/v1/profiles/" + other + "/preferences").then().statusCode(200);
        publishPurchase(survivor, null, UUID.randomUUID(), "30");
        publishPurchase(other, null, UUID.randomUUID(), "70");
        Eventually.await(() -> CustomerValueTest.value(other).getInt("orderCount"), n -> n == 1);
        Eventually.await(() -> CustomerValueTest.value(survivor).getInt("orderCount"), n -> n == 1);

        given().contentType("application/json").body(Map.of("profileId", other)).post("/api/v1/profiles/" + survivor + "/merge")
                .then().statusCode(200).body("id", equalTo(survivor.toString())).body("name.givenName", equalTo("Joe"));

        lookup("loyalty-card:" + card).then().statusCode(200).body("id", equalTo(survivor.toString()));
        lookup("email:" + email).then().statusCode(200).body("id", equalTo(survivor.toString()));
        given().get("/api/v1/profiles/" + other).then().statusCode(200).body("id", equalTo(survivor.toString()));
        JsonPath consents = given().get("/api/v1/profiles/" + other + "/consents").then().statusCode(200).extract().jsonPath();
        assertEquals(survivor.toString(), consents.getString("customerId"));
        assertEquals("email", consents.getString("current[0].channel"));
        assertEquals("opt-out", consents.getString("current[0].status"), "the stricter consent wins");
        assertEquals("merge", consents.getString("current[0].source"));
        assertEquals("opt-in", consents.getString("current[1].status"));
        assertEquals("sms", consents.getString("current[1].channel"));
        given().get("/api/v1/profiles/" + survivor + "/preferences").then()
                .body("maxPerWeek", equalTo(2)).body("topics", equalTo(List.of("garden")));
        JsonPath value = CustomerValueTest.value(survivor);
        assertEquals(2, value.getInt("orderCount"));
        assertEquals(100.0, value.getDouble("revenue"), 0.0001);

        JsonNode merged = profileEventsUntil(survivor, e -> EventTypes.PROFILE_MERGED.equals(e.get("type").asText()))
                .stream().filter(e -> EventTypes.PROFILE_MERGED.equals(e.get("type").asText())).findFirst().orElseThrow();
        assertEquals(other.toString(), merged.get("data").get("mergedId").asText());
        assertEquals(survivor.toString(), merged.get("data").get("survivorId").asText());
        problem(given().contentType("application/json").body(Map.of("profileId", other))
                .post("/api/v1/profiles/" + survivor + "/merge").then(), 409);
    }

    @Test
    void erasureLeavesNothingFindableAndPublishesTheErasure() {
        String email = uniqueEmail();
        UUID merged = create(Map.of("identities", List.of(Map.of("type", "cookie-id", "value", "ck-" + UUID.randomUUID()))));
        UUID id = createWithEmail(email);
        given().contentType("application/json").body(Map.of("profileId", merged)).post("/api/v1/profiles/" + id + "/merge").then().statusCode(200);
        consent(id, "email", "promotional", "opt-in", "web");
        publishPurchase(id, null, UUID.randomUUID(), "25");
        Eventually.await(() -> CustomerValueTest.value(id).getInt("orderCount"), n -> n == 1);

        given().delete("/api/v1/profiles/" + id).then().statusCode(204);

        problem(given().get("/api/v1/profiles/" + id).then(), 404);
        problem(given().get("/api/v1/profiles/" + merged).then(), 404);
        problem(lookup("email:" + email).then(), 404);
        problem(given().get("/api/v1/profiles/" + id + "/export").then(), 404);
        problem(given().delete("/api/v1/profiles/" + id).then(), 404);
        for (String table : List.of("profile WHERE id", "profile_identity WHERE customer_id", "consent_record WHERE customer_id",
                "purchase WHERE customer_id", "customer_value WHERE customer_id", "merged_profile WHERE survivor_id",
                "merged_profile WHERE merged_id")) {
            assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM " + table + " = ?", id)
                    + ServiceDatabase.count("SELECT count(*) FROM " + table + " = ?", merged), table);
        }
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM profile_identity WHERE value = ?", email));
        // the tombstones keep one-way hashes of the ids, never the ids; the V2 migration hashes older tombstones the same way
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM erased_profile WHERE id_hash IN (?, ?)", id, merged));
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM erased_profile WHERE id_hash IN (?, ?)",
                ErasedProfile.hashOf(id), ErasedProfile.hashOf(merged)));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM erased_profile WHERE id_hash = "
                + "CAST(substr(encode(sha256(convert_to('rapport:erased:' || ?, 'UTF8')), 'hex'), 1, 32) AS uuid)", id.toString()));

        JsonNode erased = profileEventsUntil(id, e -> EventTypes.PROFILE_ERASED.equals(e.get("type").asText()))
                .stream().filter(e -> EventTypes.PROFILE_ERASED.equals(e.get("type").asText())).findFirst().orElseThrow();
        assertEquals("cookie-id", erased.get("data").get("identities").get(0).get("type").asText());
        assertEquals(email, erased.get("data").get("identities").get(1).get("value").asText());
        assertEquals(merged.toString(), erased.get("data").get("formerIds").get(0).asText());

        // a late purchase naming the erased customer does not bring them back
        publishPurchase(id, new Identity(IdentityType.EMAIL, email), UUID.randomUUID(), "10");
        String marker = uniqueEmail();
        publishPurchase(null, new Identity(IdentityType.EMAIL, marker), UUID.randomUUID(), "10");
        Eventually.await(() -> lookup("email:" + marker).statusCode(), status -> status == 200);
        problem(lookup("email:" + email).then(), 404);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM profile WHERE id = ?", id));
    }

    @Test
    void exportsEverythingHeldAboutTheCustomerInOneDocument() {
        String email = uniqueEmail();
        UUID id = createWithEmail(email);
        consent(id, "email", "promotional", "opt-in", "web");
        given().contentType("application/json").body(Map.of("maxPerWeek", 4)).put("/api/v1/profiles/" + id + "/preferences").then().statusCode(200);
        UUID purchase = UUID.randomUUID();
        publishPurchase(id, null, purchase, "19.99");
        Eventually.await(() -> CustomerValueTest.value(id).getInt("orderCount"), n -> n == 1);

        given().get("/api/v1/profiles/" + id + "/export").then().statusCode(200)
                .body("profile.id", equalTo(id.toString()))
                .body("profile.identities[0].value", equalTo(email))
                .body("consents.history[0].source", equalTo("web"))
                .body("preferences.maxPerWeek", equalTo(4))
                .body("value.orderCount", equalTo(1))
                .body("purchases[0].interactionId", equalTo(purchase.toString()))
                .body("purchases[0].amount", equalTo(19.99f));
    }

    private static void consent(UUID id, String channel, String purpose, String status, String source) {
        given().contentType("application/json").body(Map.of("purpose", purpose, "status", status, "source", source))
                .put("/api/v1/profiles/" + id + "/consents/" + channel).then().statusCode(200);
    }
}
