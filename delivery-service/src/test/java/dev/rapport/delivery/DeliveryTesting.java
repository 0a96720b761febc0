package dev.rapport.delivery;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.PostalAddress;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shortcuts the delivery-service tests share. */
final class DeliveryTesting {

    static final EventCodec CODEC = new EventCodec();

    private DeliveryTesting() {
    }

    /** Publishes a customer as profile-service would and waits until delivery-service knows them. */
    static String customer(UUID id, String timeZone, ContactPreferences preferences, Channel... optedIn) throws Exception {
        List<ConsentState> consents = new ArrayList<>();
        for (Channel channel : optedIn) {
            consents.add(new ConsentState(channel, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_IN, "web", Instant.now().minusSeconds(86_400)));
        }
        return profile(id, 1, timeZone, preferences, consents, true);
    }

    /**
     * Publishes revision {@code revision} of the customer's profile snapshot (the same person, with these
     * consents and an e-mail address that is or is no longer valid) and waits until delivery-service applied it.
     */
    static String profile(UUID id, long revision, String timeZone, ContactPreferences preferences, List<ConsentState> consents,
                          boolean emailValid) throws Exception {
        return profile(id, revision, timeZone, preferences, consents, "c-" + id.toString().substring(0, 8) + "@example.com", emailValid);
    }

    static String profile(UUID id, long revision, String timeZone, ContactPreferences preferences, List<ConsentState> consents,
                          String email, boolean emailValid) throws Exception {
        ProfileChanged snapshot = new ProfileChanged(id, revision, new PersonName(null, "Joe", "Smith"),
                new PostalAddress(List.of("Hauptstr. 1"), "10115", "Berlin", null, "DE"), timeZone, "de", CODEC.mapper().createObjectNode(),
                null, List.of(new Identity(IdentityType.EMAIL, email)),
                List.of(new ContactPoint(Channel.EMAIL, email, emailValid), new ContactPoint(Channel.SMS, "+49301234567", true),
                        new ContactPoint(Channel.PHONE, "+49301234567", true), new ContactPoint(Channel.PUSH, "device-" + id, true)),
                consents, preferences, null, Instant.now());
        ServiceTopics.send(Topics.PROFILE_EVENTS, id.toString(),
                CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, id, snapshot, CODEC.mapper())));
        long applied = ServiceDatabase.awaitCount(n -> n == 1, "SELECT count(*) FROM customer_facts WHERE customer_id = ? AND revision = ?",
                id, revision);
        if (applied != 1) {
            throw new AssertionError("delivery-service did not apply revision " + revision + " of customer " + id);
        }
        return email;
    }

    static Map<String, Object> request(UUID customer, String category, List<String> channels, String offerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("requestId", UUID.randomUUID().toString());
        body.put("customerId", customer.toString());
        body.put("campaignId", UUID.randomUUID().toString());
        body.put("variant", "A");
        if (offerId != null) {
            body.put("offerId", offerId);
        }
        body.put("category", category);
        body.put("allowedChannels", channels);
        List<Map<String, Object>> content = new ArrayList<>();
        for (String channel : channels) {
            content.add(Map.of("channel", channel, "subject", "Roses for you, Joe", "html", "<p>20% off roses</p>", "text", "20% off roses"));
        }
        body.put("content", content);
        return body;
    }

    static io.restassured.response.ValidatableResponse post(Map<String, Object> body) {
        return given().contentType("application/json").body(body).post("/api/v1/deliveries").then();
    }

    static List<String> mailTo(String address) {
        return dev.rapport.infra.RapportInfrastructure.receivedMail().stream().filter(mail -> mail.contains("To: " + address)).toList();
    }
}
