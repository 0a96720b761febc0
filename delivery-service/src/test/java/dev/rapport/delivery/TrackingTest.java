package dev.rapport.delivery;

import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
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

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.rapport.delivery.DeliveryTesting.customer;
import static dev.rapport.delivery.DeliveryTesting.mailTo;
import static dev.rapport.delivery.DeliveryTesting.post;
import static dev.rapport.delivery.DeliveryTesting.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
@WithTestResource(value = ProviderReceiver.class, scope = TestResourceScope.GLOBAL)
class TrackingTest {

    private static final Pattern TRACKED = Pattern.compile("http://localhost:8084(/t/[co]/[A-Za-z0-9_.-]+)");
    private static final Pattern UNSUBSCRIBE = Pattern.compile("List-Unsubscribe: <http://localhost:8084(/u/[A-Za-z0-9_.-]+)>");

    @Test
    void tracksTheClickRedirectingOnlyToTheSignedTargetAndStopsTheCampaign() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL);
        Map<String, Object> body = request(id, "promotional", List.of("email"), "roses-30");
        body.put("content", List.of(Map.of("channel", "email", "subject", "Roses", "text", "Roses: https://shop.example.com/roses",
                "html", "<p><a href=\"https://shop.example.com/roses\">Roses</a></p>")));
        String messageId = post(body).statusCode(201).extract().path("messageId");
        String mail = decoded(Eventually.await(() -> mailTo(email), list -> !list.isEmpty()).get(0));

        String click = links(mail).stream().filter(path -> path.startsWith("/t/c/")).findFirst().orElseThrow();
        given().redirects().follow(false).get(click).then().statusCode(302).header("Location", "https://shop.example.com/roses");
        given().redirects().follow(false).get(click.substring(0, click.length() - 2) + "xx").then().statusCode(404);
        given().redirects().follow(false).get("/t/c/" + "aHR0cHM6Ly9ldmlsLmV4YW1wbGU.abc").then().statusCode(404);
        String open = links(mail).stream().filter(path -> path.startsWith("/t/o/")).findFirst().orElseThrow();
        given().get(open).then().statusCode(200).contentType("image/gif");

        JsonPath conversation = given().get("/api/v1/conversations/" + id).then().extract().jsonPath();
        assertEquals(List.of("click", "open"), conversation.getList("entries.findAll { it.kind == 'response' }.reason"));
        assertEquals(messageId, conversation.getString("entries.find { it.reason == 'click' }.messageId"));
        List<ConsumerRecord<String, String>> events = ServiceTopics.readKey(Topics.DELIVERY_EVENTS, id.toString(),
                r -> r.value().contains(EventTypes.RESPONSE_TRACKED) && r.value().contains("\"kind\":\"click\""));
        assertTrue(events.get(events.size() - 1).value().contains("https://shop.example.com/roses"));

        Map<String, Object> again = request(id, "promotional", List.of("email"), null);
        again.put("campaignId", body.get("campaignId"));
        post(again).statusCode(201).body("decision", equalTo("suppressed"));
    }

    @Test
    void oneClickUnsubscribeRevokesTheConsentBeforeAnyLaterSend() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL, Channel.SMS);
        post(request(id, "promotional", List.of("email"), null)).statusCode(201).body("decision", equalTo("sent"));
        String mail = Eventually.await(() -> mailTo(email), list -> !list.isEmpty()).get(0);
        Matcher unsubscribe = UNSUBSCRIBE.matcher(mail);
        assertTrue(unsubscribe.find(), mail);

        given().post(unsubscribe.group(1)).then().statusCode(200);

        post(request(id, "promotional", List.of("email"), null)).statusCode(201)
                .body("decision", equalTo("suppressed")).body("reason", equalTo("email: consent revoked for promotional"));
        // unsubscribing from a mail stops the same kind of message on every channel, not just e-mail
        post(request(id, "promotional", List.of("sms"), null)).statusCode(201)
                .body("decision", equalTo("suppressed")).body("reason", equalTo("sms: consent revoked for promotional"));
        post(request(id, "service", List.of("email"), null)).statusCode(201).body("decision", equalTo("sent"));
        List<ConsumerRecord<String, String>> events = ServiceTopics.readKey(Topics.DELIVERY_EVENTS, id.toString(),
                r -> r.value().contains(EventTypes.CONSENT_REVOKED));
        assertTrue(events.get(events.size() - 1).value().contains("\"purpose\":\"promotional\""));
        given().post("/u/not-a-token").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aBounceInvalidatesTheAddressSoLaterMessagesFallBackToTheNextChannel() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL, Channel.SMS);
        String messageId = post(request(id, "promotional", List.of("email", "sms"), null)).statusCode(201)
                .body("channel", equalTo("email")).extract().path("messageId");
        Eventually.await(() -> mailTo(email), list -> !list.isEmpty());
        Eventually.await(() -> dev.rapport.infra.testing.ServiceDatabase.count(
                "SELECT count(*) FROM delivery WHERE message_id = ? AND status = 'sent'", UUID.fromString(messageId)), n -> n == 1);

        given().contentType("application/json").body(Map.of("status", "bounced", "reason", "550 mailbox unavailable"))
                .post("/api/v1/messages/" + messageId + "/feedback").then().statusCode(204);

        post(request(id, "promotional", List.of("email", "sms"), null)).statusCode(201)
                .body("decision", equalTo("sent")).body("channel", equalTo("sms"));
        List<ConsumerRecord<String, String>> events = ServiceTopics.readKey(Topics.DELIVERY_EVENTS, id.toString(),
                r -> r.value().contains(EventTypes.CONTACT_POINT_INVALIDATED));
        String invalidated = events.get(events.size() - 1).value();
        assertTrue(invalidated.contains("\"address\":\"" + email + "\"") && invalidated.contains("bounced: 550 mailbox unavailable"), invalidated);
        given().contentType("application/json").body(Map.of("status", "opened"))
                .post("/api/v1/messages/" + messageId + "/feedback").then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().contentType("application/json").body(Map.of("status", "delivered"))
                .post("/api/v1/messages/" + UUID.randomUUID() + "/feedback").then().statusCode(404);
    }

    @Test
    void slowsDownAClientHammeringTheTrackingEndpoints() throws Exception {
        Thread.sleep(1100); // a full bucket, whatever ran before
        // a burst from many threads at once: far more calls than the 20 a second the limit allows
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        List<java.util.concurrent.Future<io.restassured.response.Response>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String path = "/t/c/guess-" + i + ".x";
            calls.add(pool.submit(() -> given().redirects().follow(false).get(path)));
        }
        int tooMany = 0;
        int notFound = 0;
        io.restassured.response.Response refused = null;
        for (var call : calls) {
            io.restassured.response.Response response = call.get();
            if (response.statusCode() == 429) {
                tooMany++;
                refused = response;
            } else if (response.statusCode() == 404) {
                notFound++;
            }
        }
        pool.shutdown();
        assertTrue(notFound >= 20, "the first calls are answered: " + notFound);
        assertTrue(tooMany >= 30, "a burst beyond the limit is refused: " + tooMany);
        assertEquals("application/problem+json", refused.contentType());
        assertEquals("1", refused.header("Retry-After"));
        given().get("/q/health/live").then().statusCode(200);
        Thread.sleep(1100);
    }

    /** The HTML part is quoted-printable: undo soft line breaks and =3D. */
    private static String decoded(String mail) {
        return mail.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    }

    private static List<String> links(String mail) {
        Matcher matcher = TRACKED.matcher(mail);
        List<String> paths = new java.util.ArrayList<>();
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }
}
