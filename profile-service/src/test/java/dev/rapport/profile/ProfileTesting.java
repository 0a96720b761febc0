package dev.rapport.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.infra.testing.ServiceTopics;
import io.restassured.response.Response;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shortcuts the profile-service tests share: the public API and the real topics. */
final class ProfileTesting {

    static final EventCodec CODEC = new EventCodec();
    static final ObjectMapper JSON = CODEC.mapper();

    private ProfileTesting() {
    }

    static String uniqueEmail() {
        return "c" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    /** Creates a profile with the given JSON body; returns its id. */
    static UUID create(Object body) {
        return UUID.fromString(given().contentType("application/json").body(body)
                .post("/api/v1/profiles").then().statusCode(201).extract().path("id"));
    }

    static UUID createWithEmail(String email) {
        return create(Map.of("name", Map.of("givenName", "Joe", "familyName", "Smith"),
                "timeZone", "Europe/Berlin",
                "identities", List.of(Map.of("type", "email", "value", email))));
    }

    static Response lookup(String identity) {
        return given().queryParam("identity", identity).get("/api/v1/profiles");
    }

    /** Publishes an interaction as interaction-service would; returns the event. */
    static CloudEvent publishPurchase(UUID customerId, Identity identity, UUID interactionId, String amount) {
        UUID key = customerId != null ? customerId : identity.provisionalCustomerId();
        InteractionRecorded purchase = new InteractionRecorded(interactionId, "client-" + interactionId, customerId, identity,
                Channel.WEB, Direction.INBOUND, "purchase", Instant.now().minusSeconds(60), Instant.now(), null, null, null,
                new BigDecimal(amount), "EUR", JSON.createObjectNode());
        CloudEvent event = CloudEvent.of("/rapport/interaction-service", EventTypes.INTERACTION_RECORDED, key, purchase, JSON);
        ServiceTopics.send(Topics.INTERACTION_EVENTS, key.toString(), CODEC.encode(event));
        return event;
    }

    /** The profile events published for the customer until one matches. */
    static List<JsonNode> profileEventsUntil(UUID customerId, java.util.function.Predicate<JsonNode> until) {
        return ServiceTopics.readKey(Topics.PROFILE_EVENTS, customerId.toString(), record -> until.test(parse(record.value())))
                .stream().map(record -> parse(record.value())).toList();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
