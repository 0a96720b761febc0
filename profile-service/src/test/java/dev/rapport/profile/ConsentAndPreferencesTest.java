package dev.rapport.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentRevoked;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.profile.ProfileApiTest.problem;
import static dev.rapport.profile.ProfileTesting.CODEC;
import static dev.rapport.profile.ProfileTesting.JSON;
import static dev.rapport.profile.ProfileTesting.createWithEmail;
import static dev.rapport.profile.ProfileTesting.profileEventsUntil;
import static dev.rapport.profile.ProfileTesting.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class ConsentAndPreferencesTest {

    @Test
    void keepsEveryConsentStatementAndAnswersWithTheLatestAsCurrent() {
        UUID id = createWithEmail(uniqueEmail());
        putConsent(id, "email", Map.of("purpose", "promotional", "status", "opt-in", "source", "web-signup-form",
                "proof", "Yes, send me offers by e-mail", "recordedAt", "2026-01-10T09:00:00Z")).statusCode(200);
        putConsent(id, "sms", Map.of("purpose", "service", "status", "opt-in", "source", "app")).statusCode(200);
        putConsent(id, "email", Map.of("purpose", "promotional", "status", "opt-out", "source", "call-center",
                "proof", "Customer asked on the phone to stop offers")).statusCode(200);

        JsonPath consents = given().get("/api/v1/profiles/" + id + "/consents").then().statusCode(200).extract().jsonPath();
        assertEquals(2, consents.getList("current").size());
        assertEquals("email", consents.getString("current[0].channel"));
        assertEquals("opt-out", consents.getString("current[0].status"));
        assertEquals("call-center", consents.getString("current[0].source"));
        assertEquals("sms", consents.getString("current[1].channel"));
        assertEquals(3, consents.getList("history").size());
        assertEquals("Yes, send me offers by e-mail", consents.getString("history[0].proof"));
        assertEquals("2026-01-10T09:00:00Z", consents.getString("history[0].recordedAt"));
        assertEquals("opt-out", consents.getString("history[2].status"));

        JsonNode snapshot = profileEventsUntil(id, e -> e.get("data").get("consents").size() == 2
                && e.get("data").get("revision").asLong() == 4).get(3).get("data");
        assertEquals("opt-out", snapshot.get("consents").get(0).get("status").asText());
    }

    @Test
    void rejectsInvalidConsentNamingTheFieldAndRecordsNothing() {
        UUID id = createWithEmail(uniqueEmail());
        problem(putConsent(id, "fax", Map.of("purpose", "promotional", "status", "opt-in", "source", "web")), 400)
                .body("errors[0].field", equalTo("channel"));
        problem(putConsent(id, "email", Map.of("purpose", "promotional", "status", "maybe", "source", "web")), 400)
                .body("errors[0].field", equalTo("status"));
        problem(putConsent(id, "email", Map.of("purpose", "promotional", "status", "opt-in")), 400)
                .body("errors[0].field", equalTo("source"));
        problem(putConsent(UUID.randomUUID(), "email", Map.of("purpose", "promotional", "status", "opt-in", "source", "web")), 404);

        given().get("/api/v1/profiles/" + id + "/consents").then().statusCode(200).body("history", hasSize(0));
    }

    @Test
    void appliesAConsentRevocationPublishedByDelivery() {
        UUID id = createWithEmail(uniqueEmail());
        putConsent(id, "email", Map.of("purpose", "promotional", "status", "opt-in", "source", "web")).statusCode(200);
        ConsentRevoked revoked = new ConsentRevoked(id, Channel.EMAIL, ConsentPurpose.PROMOTIONAL, "one-click-unsubscribe",
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click", UUID.randomUUID(), Instant.now());
        CloudEvent event = CloudEvent.of("/rapport/delivery-service", EventTypes.CONSENT_REVOKED, id, revoked, JSON);

        // delivered twice: recorded once
        ServiceTopics.send(Topics.DELIVERY_EVENTS, id.toString(), CODEC.encode(event), CODEC.encode(event));

        JsonPath consents = Eventually.await(() -> given().get("/api/v1/profiles/" + id + "/consents").jsonPath(),
                json -> json.getList("history").size() >= 2);
        assertEquals("opt-out", consents.getString("current[0].status"));
        assertEquals("one-click-unsubscribe", consents.getString("current[0].source"));
        assertEquals(2, consents.getList("history").size());
    }

    @Test
    void storesValidatedContactPreferencesAndPublishesThem() {
        UUID id = createWithEmail(uniqueEmail());
        Map<String, Object> preferences = Map.of(
                "channels", List.of("email", "sms"),
                "maxPerWeek", 3,
                "channelCaps", List.of(Map.of("channel", "sms", "maxPerWeek", 1)),
                "quietHours", Map.of("start", "21:00", "end", "08:00"),
                "preferredDays", List.of("SATURDAY", "SUNDAY"),
                "topics", List.of("garden", "kids"),
                "pausedUntil", "2027-01-01T00:00:00Z");

        given().contentType("application/json").body(preferences).put("/api/v1/profiles/" + id + "/preferences")
                .then().statusCode(200).body("maxPerWeek", equalTo(3));
        given().get("/api/v1/profiles/" + id + "/preferences").then().statusCode(200)
                .body("channels", equalTo(List.of("email", "sms")))
                .body("channelCaps[0].channel", equalTo("sms"))
                .body("channelCaps[0].maxPerWeek", equalTo(1))
                .body("quietHours.start", equalTo("21:00:00"))
                .body("preferredDays", equalTo(List.of("SATURDAY", "SUNDAY")))
                .body("pausedUntil", equalTo("2027-01-01T00:00:00Z"));

        JsonNode snapshot = profileEventsUntil(id, e -> e.get("data").get("preferences") != null
                && !e.get("data").get("preferences").isNull()).get(1).get("data");
        assertEquals(3, snapshot.get("preferences").get("maxPerWeek").asInt());
        assertEquals("Europe/Berlin", snapshot.get("timeZone").asText());
    }

    @Test
    void rejectsImpossiblePreferencesNamingTheField() {
        UUID id = createWithEmail(uniqueEmail());
        rejectPreferences(id, Map.of("quietHours", Map.of("start", "25:00", "end", "08:00")), "quietHours.start", "expected a time like 22:00");
        rejectPreferences(id, Map.of("maxPerWeek", -1), "maxPerWeek", "must be greater than or equal to 0");
        rejectPreferences(id, Map.of("channelCaps", List.of(Map.of("channel", "sms", "maxPerWeek", -2))),
                "channelCaps[0].maxPerWeek", "must be greater than or equal to 0");
        rejectPreferences(id, Map.of("channels", List.of("email", "pigeon")), "channels[1]",
                "'pigeon' is not one of web, app, email, sms, push, phone, store, mail, chat, social");
        rejectPreferences(id, Map.of("channels", List.of("email", "email")), "channels[1]", "appears twice");
        rejectPreferences(id, Map.of("preferredDays", List.of("FUNDAY")), "preferredDays[0]", "expected one of the documented values");

        given().get("/api/v1/profiles/" + id + "/preferences").then().statusCode(200).body("maxPerWeek", equalTo(null));
    }

    private static void rejectPreferences(UUID id, Object body, String field, String message) {
        problem(given().contentType("application/json").body(body).put("/api/v1/profiles/" + id + "/preferences").then(), 400)
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(message));
    }

    private static io.restassured.response.ValidatableResponse putConsent(UUID id, String channel, Object body) {
        return given().contentType("application/json").body(body).put("/api/v1/profiles/" + id + "/consents/" + channel).then();
    }
}
