package dev.rapport.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.EventTypes;
import dev.rapport.infra.RapportTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.rapport.profile.ProfileTesting.create;
import static dev.rapport.profile.ProfileTesting.createWithEmail;
import static dev.rapport.profile.ProfileTesting.lookup;
import static dev.rapport.profile.ProfileTesting.profileEventsUntil;
import static dev.rapport.profile.ProfileTesting.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class ProfileApiTest {

    @Test
    void createsAProfileAndPublishesItsSnapshotKeyedByCustomer() {
        String email = uniqueEmail();
        Map<String, Object> body = Map.of(
                "name", Map.of("title", "Mr", "givenName", "Joe", "familyName", "Smith"),
                "address", Map.of("lines", List.of("Hauptstr. 1"), "postalCode", "10115", "city", "Berlin", "country", "DE"),
                "timeZone", "Europe/Berlin", "locale", "de-DE",
                "traits", Map.of("favouriteColour", "green"),
                "lifeFacts", Map.of("childrenBirthYears", List.of(2011, 2024)),
                "identities", List.of(Map.of("type", "email", "value", email.toUpperCase()),
                        Map.of("type", "phone", "value", "+49 30 1234567"),
                        Map.of("type", "loyalty-card", "value", "LC-" + UUID.randomUUID())));

        String location = given().contentType("application/json").body(body).post("/api/v1/profiles")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/profiles/"))
                .extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        given().get(location).then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("name.givenName", equalTo("Joe"))
                .body("address.city", equalTo("Berlin"))
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("traits.favouriteColour", equalTo("green"))
                .body("lifeFacts.childrenBirthYears", equalTo(List.of(2011, 2024)))
                .body("identities", hasSize(3))
                // identities are listed by type
                .body("identities[0].value", equalTo(email))
                .body("identities[2].type", equalTo("phone"))
                .body("identities[2].value", equalTo("+49301234567"));

        JsonNode event = profileEventsUntil(id, e -> true).get(0);
        assertEquals(EventTypes.PROFILE_CHANGED, event.get("type").asText());
        assertEquals(id.toString(), event.get("subject").asText());
        JsonNode data = event.get("data");
        assertEquals(1, data.get("revision").asLong());
        assertEquals("Europe/Berlin", data.get("timeZone").asText());
        assertEquals(3, data.get("identities").size());
        assertEquals("email", data.get("contactPoints").get(0).get("channel").asText());
        assertEquals(email, data.get("contactPoints").get(0).get("address").asText());
        assertEquals("mail", data.get("contactPoints").get(3).get("channel").asText());
        assertEquals("prospect", data.get("value").get("lifecycle").asText());
    }

    @Test
    void findsAProfileByAnyOfItsIdentities() {
        String email = uniqueEmail();
        String card = "LC-" + UUID.randomUUID();
        UUID id = create(Map.of("identities", List.of(Map.of("type", "email", "value", email),
                Map.of("type", "loyalty-card", "value", card))));

        lookup("email:" + email.toUpperCase()).then().statusCode(200).body("id", equalTo(id.toString()));
        lookup("loyalty-card:" + card).then().statusCode(200).body("id", equalTo(id.toString()));
        problem(lookup("email:nobody-" + email).then(), 404);
        problem(lookup("fax:123").then(), 400).body("errors[0].field", equalTo("identity"));
    }

    @Test
    void refusesAnIdentityThatAlreadyIdentifiesAnotherProfile() {
        String email = uniqueEmail();
        UUID first = createWithEmail(email);
        UUID second = createWithEmail(uniqueEmail());

        problem(given().contentType("application/json").body(Map.of("type", "email", "value", email))
                .post("/api/v1/profiles/" + second + "/identities").then(), 409)
                .body("errors[0].field", equalTo("value"));
        problem(given().contentType("application/json").body(Map.of("identities", List.of(Map.of("type", "email", "value", email))))
                .post("/api/v1/profiles").then(), 409)
                .body("errors[0].field", equalTo("identities[0].value"));

        lookup("email:" + email).then().statusCode(200).body("id", equalTo(first.toString()));
        given().get("/api/v1/profiles/" + second).then().body("identities", hasSize(1)).body("revision", equalTo(1));
    }

    @Test
    void concurrentCreatesWithTheSameIdentityMakeOneProfileAndAnswerTheOthersWithAConflict() throws Exception {
        String email = uniqueEmail();
        Map<String, Object> body = Map.of("identities", List.of(Map.of("type", "email", "value", email)));
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().contentType("application/json").body(body).post("/api/v1/profiles");
                }));
            }
            start.countDown();
            List<String> created = new ArrayList<>();
            List<Integer> statuses = new ArrayList<>();
            for (Future<io.restassured.response.Response> answer : answers) {
                io.restassured.response.Response response = answer.get(30, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() == 201) {
                    created.add(response.path("id"));
                } else {
                    problem(response.then(), 409);
                }
            }
            assertEquals(1, created.size(), "exactly one profile is created, the others conflict: " + statuses);
            lookup("email:" + email).then().statusCode(200).body("id", equalTo(created.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void attachesANewIdentityOnceAndTreatsARepeatAsNoChange() {
        UUID id = createWithEmail(uniqueEmail());
        Map<String, String> phone = Map.of("type", "phone", "value", "+4917612345" + (int) (Math.random() * 90 + 10));

        given().contentType("application/json").body(phone).post("/api/v1/profiles/" + id + "/identities")
                .then().statusCode(201).body("identities", hasSize(2)).body("revision", equalTo(2));
        given().contentType("application/json").body(phone).post("/api/v1/profiles/" + id + "/identities")
                .then().statusCode(200).body("identities", hasSize(2)).body("revision", equalTo(2));
    }

    @Test
    void appliesAJsonMergePatch() {
        UUID id = create(Map.of("name", Map.of("givenName", "Joe", "familyName", "Smith"), "locale", "en",
                "traits", Map.of("a", 1, "b", 2)));

        given().contentType("application/merge-patch+json")
                .body("{\"name\":{\"givenName\":\"Joseph\"},\"locale\":null,\"traits\":{\"b\":null,\"c\":3},\"timeZone\":\"America/New_York\"}")
                .patch("/api/v1/profiles/" + id)
                .then().statusCode(200)
                .body("name.givenName", equalTo("Joseph"))
                .body("name.familyName", equalTo("Smith"))
                .body("locale", nullValue())
                .body("traits.a", equalTo(1))
                .body("traits.b", nullValue())
                .body("traits.c", equalTo(3))
                .body("timeZone", equalTo("America/New_York"))
                .body("revision", equalTo(2));
        assertEquals(2, profileEventsUntil(id, e -> e.get("data").get("revision").asLong() == 2).size());
    }

    @Test
    void rejectsInvalidNewProfilesNamingTheFieldAndStoresNothing() {
        String email = uniqueEmail();
        rejectCreate(Map.of("nickname", "J", "identities", List.of(Map.of("type", "email", "value", email))), "nickname", "unknown field");
        rejectCreate(Map.of("timeZone", "Mars/Olympus", "identities", List.of(Map.of("type", "email", "value", email))),
                "timeZone", "must be a known time zone id, e.g. Europe/Berlin");
        rejectCreate(Map.of("identities", List.of(Map.of("type", "email", "value", "not-an-address"))),
                "identities[0].value", "not a valid e-mail address");
        rejectCreate(Map.of("identities", List.of(Map.of("type", "email", "value", email), Map.of("type", "phone", "value", "12345"))),
                "identities[1].value", "not a valid phone number in international format, e.g. +4930123456");
        rejectCreate(Map.of("identities", List.of(Map.of("type", "fax", "value", "1"))),
                "identities[0].type", "'fax' is not one of email, phone, loyalty-card, customer-number, device-id, cookie-id");
        rejectCreate(Map.of("lifeFacts", Map.of("childrenBirthYears", List.of("last year")), "identities",
                List.of(Map.of("type", "email", "value", email))), "lifeFacts.childrenBirthYears[0]", "expected an integer");
        rejectCreate(Map.of("traits", List.of(1, 2), "identities", List.of(Map.of("type", "email", "value", email))),
                "traits", "must be a JSON object");
        rejectCreate(Map.of("traits", Map.of("essay", "x".repeat(20_000)), "identities", List.of(Map.of("type", "email", "value", email))),
                "traits", "must be at most 16384 characters of JSON");
        rejectCreate(Map.of("address", Map.of("country", "Germany"), "identities", List.of(Map.of("type", "email", "value", email))),
                "address.country", "must be an ISO 3166-1 alpha-2 country code, e.g. DE");

        problem(lookup("email:" + email).then(), 404);
    }

    @Test
    void rejectsAnInvalidPatchNamingTheFieldAndChangesNothing() {
        UUID id = create(Map.of("timeZone", "Europe/Paris"));

        rejectPatch(id, "{\"timeZone\":\"Europe/Nowhere\"}", "timeZone");
        rejectPatch(id, "{\"identities\":[]}", "identities");
        rejectPatch(id, "{\"name\":{\"givenName\":42,\"middleName\":\"x\"}}", "name.middleName");
        rejectPatch(id, "{\"locale\":\"German\"}", "locale");

        given().get("/api/v1/profiles/" + id).then().statusCode(200)
                .body("timeZone", equalTo("Europe/Paris")).body("revision", equalTo(1));
    }

    @Test
    void refusesABodyLargerThanTheLimit() {
        String huge = "{\"traits\":{\"blob\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}";
        problem(given().contentType("application/json").body(huge).post("/api/v1/profiles").then(), 413)
                .body("type", equalTo("https://rapport.dev/problems/payload-too-large"));
    }

    private static void rejectCreate(Object body, String field, String message) {
        problem(given().contentType("application/json").body(body).post("/api/v1/profiles").then(), 400)
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(message));
    }

    private static void rejectPatch(UUID id, String patch, String field) {
        problem(given().contentType("application/merge-patch+json").body(patch).patch("/api/v1/profiles/" + id).then(), 400)
                .body("errors[0].field", equalTo(field));
    }

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }
}
