package dev.rapport.delivery;

import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.QuietHours;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.rapport.delivery.DeliveryTesting.customer;
import static dev.rapport.delivery.DeliveryTesting.mailTo;
import static dev.rapport.delivery.DeliveryTesting.post;
import static dev.rapport.delivery.DeliveryTesting.profile;
import static dev.rapport.delivery.DeliveryTesting.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consent revocation takes effect before any later send: a message decided "send" but still
 * waiting (in the queue for a retry, or deferred) when the customer opts out, or when their
 * address turns out to be invalid, never goes out. It ends suppressed with the reason, in the
 * delivery, the conversation and on the delivery events, like any suppression by the policy.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
@WithTestResource(value = ProviderReceiver.class, scope = TestResourceScope.GLOBAL)
class ConsentAtSendTest {

    @Test
    void aMailQueuedWhileTheSmtpServerIsDownIsNotSentOnceTheCustomerRevokedConsent() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL);
        say("injected: customer %s opted in to promotional e-mail; SMTP server stopped", id);
        String requestId = queuedWhileSmtpIsDown(id, () -> {
            profile(id, 2, "UTC", null, List.of(optIn(), revoked()), true);
            say("injected: profile revision 2 of customer %s, promotional e-mail consent revoked (applied)", id);
        });
        say("injected: SMTP server started again");

        JsonPath suppressed = awaitStatus(requestId, "suppressed");
        assertEquals("suppressed", suppressed.getString("decision"));
        assertEquals("email: consent revoked for promotional", suppressed.getString("reason"));
        assertNothingSent(email);
        assertSuppressionRecorded(id, requestId, suppressed, "email: consent revoked for promotional");
        say("verified: no mail to the customer; delivery %s suppressed (%s) after %d failed attempt(s); the conversation "
                + "and a delivery-decided event record the suppression", requestId, suppressed.getString("reason"), suppressed.getInt("attempts"));
    }

    @Test
    void aMailQueuedWhileTheSmtpServerIsDownIsNotSentOnceTheAddressWasInvalidated() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL);
        say("injected: customer %s opted in to promotional e-mail; SMTP server stopped", id);
        String requestId = queuedWhileSmtpIsDown(id, () -> {
            profile(id, 2, "UTC", null, List.of(optIn()), false);
            say("injected: profile revision 2 of customer %s, e-mail address no longer valid (applied)", id);
        });
        say("injected: SMTP server started again");

        JsonPath suppressed = awaitStatus(requestId, "suppressed");
        assertEquals("email: no valid contact point", suppressed.getString("reason"));
        assertNothingSent(email);
        assertSuppressionRecorded(id, requestId, suppressed, "email: no valid contact point");
        say("verified: no mail to the customer; delivery %s suppressed (%s)", requestId, suppressed.getString("reason"));
    }

    @Test
    void aDeferredMessageWhoseConsentWasRevokedInTheMeantimeIsSuppressedWhenDue() throws Exception {
        UUID id = UUID.randomUUID();
        Instant windowEnd = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        LocalTime end = LocalTime.ofInstant(windowEnd, ZoneOffset.UTC);
        ContactPreferences quiet = new ContactPreferences(null, null, null, new QuietHours(end.minusHours(2), end), null, null, null);
        String email = customer(id, "UTC", quiet, Channel.EMAIL);
        String requestId = post(request(id, "promotional", List.of("email"), null)).statusCode(201)
                .body("decision", equalTo("deferred"))
                .body("deferredUntil", equalTo(windowEnd.toString()))
                .extract().path("requestId");
        say("injected: customer %s opted in to promotional e-mail, in quiet hours until %s; request %s deferred", id, windowEnd, requestId);
        profile(id, 2, "UTC", quiet, List.of(optIn(), revoked()), true);
        say("injected: profile revision 2, promotional e-mail consent revoked (applied) while the message waits");

        JsonPath suppressed = Eventually.await(Duration.ofSeconds(20),
                () -> given().get("/api/v1/deliveries/" + requestId).then().extract().jsonPath(),
                d -> "suppressed".equals(d.getString("status")));
        assertEquals("email: consent revoked for promotional", suppressed.getString("reason"));
        assertTrue(!Instant.now().isBefore(windowEnd), "decided again when due");
        assertNothingSent(email);
        JsonPath conversation = given().get("/api/v1/conversations/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("deferred", "suppressed"), conversation.getList("entries.findAll { it.kind == 'decision' }.decision"));
        assertEquals("email: consent revoked for promotional",
                conversation.getString("entries.findAll { it.kind == 'decision' }[1].reason"));
        say("verified: when due it was decided again and suppressed (%s); no mail; conversation decisions %s",
                suppressed.getString("reason"), conversation.getList("entries.findAll { it.kind == 'decision' }.decision"));
    }

    /** Posts a promotional mail while SMTP is down, waits for a failed attempt, lets {@code meanwhile} happen, restarts SMTP. */
    private static String queuedWhileSmtpIsDown(UUID id, ThrowingRunnable meanwhile) throws Exception {
        RapportInfrastructure.control("smtp.stop");
        try {
            String requestId = post(request(id, "promotional", List.of("email"), null)).statusCode(201)
                    .body("decision", equalTo("sent")).extract().path("requestId");
            JsonPath retrying = Eventually.await(() -> given().get("/api/v1/deliveries/" + requestId).then().extract().jsonPath(),
                    d -> d.getInt("attempts") >= 1 && "queued".equals(d.getString("status")));
            say("injected: request %s decided 'sent', attempt %d failed, back in the queue", requestId, retrying.getInt("attempts"));
            meanwhile.run();
            return requestId;
        } finally {
            RapportInfrastructure.control("smtp.start");
        }
    }

    private static JsonPath awaitStatus(String requestId, String status) {
        return Eventually.await(Duration.ofSeconds(20), () -> given().get("/api/v1/deliveries/" + requestId).then().extract().jsonPath(),
                d -> status.equals(d.getString("status")));
    }

    private static void assertNothingSent(String email) throws InterruptedException {
        Thread.sleep(1500); // a round or two of the sender
        assertEquals(0, mailTo(email).size(), "nothing was sent to " + email);
    }

    private static void assertSuppressionRecorded(UUID id, String requestId, JsonPath delivery, String reason) {
        JsonPath conversation = given().get("/api/v1/conversations/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("sent", "suppressed"), conversation.getList("entries.findAll { it.kind == 'decision' }.decision"));
        assertEquals(reason, conversation.getString("entries.findAll { it.kind == 'decision' }[1].reason"));
        assertEquals(List.of(), conversation.getList("entries.findAll { it.kind == 'status' }"), "no status: nothing was sent");

        List<ConsumerRecord<String, String>> events = ServiceTopics.readKey(Topics.DELIVERY_EVENTS, id.toString(),
                r -> r.value().contains("\"decision\":\"suppressed\""));
        ConsumerRecord<String, String> last = events.get(events.size() - 1);
        assertTrue(last.value().contains(EventTypes.DELIVERY_DECIDED) && last.value().contains("\"reason\":\"" + reason + "\"")
                && last.value().contains(requestId), last.value());
        assertTrue(events.stream().noneMatch(r -> r.value().contains(EventTypes.DELIVERY_STATUS_CHANGED)), "no status change published");
        assertEquals(delivery.getString("messageId"), conversation.getString("entries.findAll { it.kind == 'decision' }[1].messageId"));
    }

    private static ConsentState optIn() {
        return new ConsentState(Channel.EMAIL, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_IN, "web", Instant.now().minusSeconds(86_400));
    }

    private static ConsentState revoked() {
        return new ConsentState(Channel.EMAIL, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_OUT, "call-center", Instant.now());
    }

    private static void say(String format, Object... args) {
        System.out.printf("[consent-at-send] " + format + "%n", args);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
