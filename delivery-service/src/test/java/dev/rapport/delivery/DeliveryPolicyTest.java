package dev.rapport.delivery;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.QuietHours;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
class DeliveryPolicyTest {

    @Test
    void fiftyConcurrentRequestsForOneCustomerAcrossChannelsPassACapOfThreeExactlyThreeTimes() throws Exception {
        given().contentType("application/json").body(Map.of("maxPerWeek", 3, "minimumGap", "PT0S"))
                .put("/api/v1/contact-policy").then().statusCode(200).body("maxPerWeek", equalTo(3));
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.MAIL);
        List<String> channels = List.of("email", "sms", "push", "mail");

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> body = request(id, "promotional", List.of(channels.get(i % 4)), null);
            answers.add(pool.submit(() -> post(body).statusCode(201).extract().path("decision")));
        }
        List<String> decisions = new ArrayList<>();
        for (Future<String> answer : answers) {
            decisions.add(answer.get());
        }
        pool.shutdown();

        assertEquals(3, decisions.stream().filter("sent"::equals).count());
        assertEquals(47, decisions.stream().filter("suppressed"::equals).count());
        assertEquals(47, ServiceDatabase.count("SELECT count(*) FROM conversation_entry WHERE customer_id = ? AND kind = 'decision' "
                + "AND decision = 'suppressed' AND reason = 'weekly cap of 3 contacts reached'", id), () -> reasons(id));
        assertEquals(3, ServiceDatabase.awaitCount(n -> n == 3, "SELECT count(*) FROM delivery WHERE customer_id = ? AND status = 'sent'", id));
        long mails = ServiceDatabase.count("SELECT count(*) FROM delivery WHERE customer_id = ? AND status = 'sent' AND channel = 'email'", id);
        assertEquals(mails, mailTo(email).size(), "every e-mail decided is in the mailbox once");
        String received = given().get(ConfigProvider.getConfig().getValue("test.provider-receiver", String.class)).asString();
        for (String messageId : sentMessageIds(id, "sms", "push")) {
            assertEquals(1, received.lines().filter(line -> line.contains(messageId)).count(), "provider got " + messageId + " once");
        }
        given().contentType("application/json").body(Map.of("maxPerWeek", 5, "minimumGap", "PT0S")).put("/api/v1/contact-policy").then().statusCode(200);
    }

    private static String reasons(UUID customer) {
        StringBuilder text = new StringBuilder();
        try (var connection = ServiceDatabase.connect(); var statement = connection.prepareStatement(
                "SELECT kind, decision, reason, count(*) FROM conversation_entry WHERE customer_id = ? GROUP BY 1, 2, 3")) {
            statement.setObject(1, customer);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    text.append(rows.getString(1)).append('/').append(rows.getString(2)).append('/').append(rows.getString(3))
                            .append(": ").append(rows.getLong(4)).append('\n');
                }
            }
        } catch (Exception e) {
            text.append(e);
        }
        return text.toString();
    }

    private static List<String> sentMessageIds(UUID customer, String... channels) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var connection = ServiceDatabase.connect(); var statement = connection.prepareStatement(
                "SELECT message_id FROM delivery WHERE customer_id = ? AND status = 'sent' AND channel = ANY (?)")) {
            statement.setObject(1, customer);
            statement.setArray(2, connection.createArrayOf("text", channels));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    @Test
    void sendsAnEmailOverSmtpWithHtmlTextAndOneClickUnsubscribe() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "Europe/Berlin", null, Channel.EMAIL);
        String requestId = post(request(id, "promotional", List.of("email"), "roses-20")).statusCode(201)
                .body("decision", equalTo("sent")).body("channel", equalTo("email")).extract().path("requestId");

        List<String> mails = Eventually.await(() -> mailTo(email), list -> !list.isEmpty());
        assertEquals(1, mails.size());
        String mail = mails.get(0);
        assertTrue(mail.contains("Subject: Roses for you, Joe"), mail);
        assertTrue(mail.contains("List-Unsubscribe: <http://localhost:8084/u/"), mail);
        assertTrue(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), mail);
        assertTrue(mail.contains("text/html") && mail.contains("text/plain"), mail);
        JsonPath delivery = Eventually.await(() -> given().get("/api/v1/deliveries/" + requestId).then().statusCode(200).extract().jsonPath(),
                d -> "sent".equals(d.getString("status")));
        assertEquals("sent", delivery.getString("status"));
        assertEquals(1, delivery.getInt("attempts"));
    }

    @Test
    void retriesAMailWhileTheSmtpServerIsDownAndSendsItOnceWhenItIsBack() throws Exception {
        UUID id = UUID.randomUUID();
        String email = customer(id, "UTC", null, Channel.EMAIL);
        String requestId;
        dev.rapport.infra.RapportInfrastructure.control("smtp.stop");
        try {
            requestId = post(request(id, "promotional", List.of("email"), null)).statusCode(201).body("decision", equalTo("sent"))
                    .extract().path("requestId");
            JsonPath retrying = Eventually.await(() -> given().get("/api/v1/deliveries/" + requestId).then().extract().jsonPath(),
                    d -> d.getInt("attempts") >= 1 && "queued".equals(d.getString("status")));
            assertEquals("queued", retrying.getString("status"), "a failed attempt goes back to the queue");
        } finally {
            dev.rapport.infra.RapportInfrastructure.control("smtp.start");
        }
        List<String> mails = Eventually.await(java.time.Duration.ofSeconds(30), () -> mailTo(email), list -> !list.isEmpty());
        JsonPath sent = Eventually.await(() -> given().get("/api/v1/deliveries/" + requestId).then().extract().jsonPath(),
                d -> "sent".equals(d.getString("status")));
        Thread.sleep(1500);
        assertEquals(1, mailTo(email).size(), "sent once");
        assertEquals("sent", sent.getString("status"));
        assertTrue(sent.getInt("attempts") >= 2, "it took a retry");
        System.out.printf("smtp outage: 1 mail requested while the SMTP server was down; %d attempts, status sent, %d mail received%n",
                sent.getInt("attempts"), mailTo(email).size());
    }

    @Test
    void defersARequestInQuietHoursAndSendsItWhenTheWindowEnds() throws Exception {
        UUID id = UUID.randomUUID();
        Instant windowEnd = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        LocalTime end = LocalTime.ofInstant(windowEnd, ZoneOffset.UTC);
        ContactPreferences quiet = new ContactPreferences(null, null, null, new QuietHours(end.minusHours(2), end), null, null, null);
        String email = customer(id, "UTC", quiet, Channel.EMAIL);

        String requestId = post(request(id, "promotional", List.of("email"), null)).statusCode(201)
                .body("decision", equalTo("deferred"))
                .body("deferredUntil", equalTo(windowEnd.toString()))
                .extract().path("requestId");
        assertEquals(0, mailTo(email).size(), "nothing goes out in quiet hours");

        List<String> mails = Eventually.await(java.time.Duration.ofSeconds(20), () -> mailTo(email), list -> !list.isEmpty());
        assertEquals(1, mails.size());
        JsonPath delivery = Eventually.await(() -> given().get("/api/v1/deliveries/" + requestId).then().extract().jsonPath(),
                d -> d.getString("sentAt") != null);
        assertTrue(!Instant.parse(delivery.getString("sentAt")).isBefore(windowEnd), "sent at or after the window's end");
        JsonPath conversation = given().get("/api/v1/conversations/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("request", "decision", "decision", "status"), conversation.getList("entries.kind"));
        assertEquals(List.of("deferred", "sent"), conversation.getList("entries.findAll { it.kind == 'decision' }.decision"));
        assertEquals("quiet hours", conversation.getString("entries[1].reason"));
    }
}
