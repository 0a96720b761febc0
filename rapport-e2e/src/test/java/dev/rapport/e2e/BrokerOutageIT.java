package dev.rapport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.infra.SuiteApi;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.infra.SuiteApi.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka broker stopped and restarted while the whole suite is under a load of purchases (each
 * triggering a campaign mail through all four services) and direct transactional requests: every
 * purchase is stored and acted on once, every customer gets exactly one thank-you mail and one
 * order mail, none twice, once the broker is back.
 */
class BrokerOutageIT {

    private static final int CUSTOMERS = 24;

    private static RunningSuite running;
    private static SuiteApi marketer;
    private static SuiteApi channelApp;

    @BeforeAll
    static void startSuite() {
        running = RunningSuite.start();
        marketer = running.api().as("marketer");
        channelApp = running.api().as("channel-app");
    }

    @AfterAll
    static void stopSuite() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void purchasesAndRequestsDuringABrokerOutageEachLeadToExactlyOneMailOnceItIsBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String segment = id(marketer.post("campaign", "/api/v1/segments", Map.of("name", "subscribers " + run,
                "rule", Map.of("consent", Map.of("channel", "email", "purpose", "promotional")))));
        String campaign = id(marketer.post("campaign", "/api/v1/campaigns", Map.of(
                "name", "Thank you " + run, "category", "promotional", "segmentId", segment,
                "trigger", Map.of("type", "interaction", "interactionType", "purchase"),
                "reentry", Map.of("mode", "once"), "channels", List.of("email"),
                "content", List.of(Map.of("channel", "email", "subject", "Thank you " + run, "text", "Thank you for your order")))));
        assertEquals(200, marketer.post("campaign", "/api/v1/campaigns/" + campaign + "/activate", Map.of()).status());

        List<String> customers = new ArrayList<>();
        Map<String, String> emails = new HashMap<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String email = "outage-" + run + "-" + i + "@example.com";
            String customer = id(channelApp.post("profile", "/api/v1/profiles", Map.of("timeZone", "UTC",
                    "identities", List.of(Map.of("type", "email", "value", email)))));
            assertEquals(200, channelApp.put("profile", "/api/v1/profiles/" + customer + "/consents/email",
                    Map.of("purpose", "promotional", "status", "opt-in", "source", "web")).status());
            customers.add(customer);
            emails.put(customer, email);
        }
        await("campaign-service has every customer in the segment", () -> members(segment), members -> members.containsAll(customers));
        await("delivery-service knows every customer", () -> running.count("delivery",
                "SELECT count(*) FROM customer_facts WHERE customer_id::text = ANY (?::text[])", "{" + String.join(",", customers) + "}"),
                known -> known == CUSTOMERS);

        // the load: per customer one purchase and one transactional request; the broker is away for the middle third
        int stopAt = CUSTOMERS / 3;
        int startAt = 2 * CUSTOMERS / 3;
        int duringOutage = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            if (i == stopAt) {
                running.infra().kafka().stopServer();
                System.out.printf("[outage] Kafka stopped after %d customers%n", i);
            }
            if (i == startAt) {
                Thread.sleep(3_000);
                running.infra().kafka().startServer();
                System.out.printf("[outage] Kafka started again before customer %d%n", i);
            }
            if (i >= stopAt && i < startAt) {
                duringOutage++;
            }
            String customer = customers.get(i);
            SuiteApi.Answer purchase = channelApp.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "outage-" + run + "-" + i,
                    "channel", "web", "identity", Map.of("type", "email", "value", emails.get(customer)), "type", "purchase",
                    "occurredAt", Instant.now().toString(), "amount", 10, "currency", "EUR"));
            assertTrue(purchase.status() / 100 == 2, "purchase " + i + ": " + purchase.status() + " " + purchase.body());
            SuiteApi.Answer request = channelApp.post("delivery", "/api/v1/deliveries", Map.of("requestId", UUID.randomUUID().toString(),
                    "customerId", customer, "category", "service", "allowedChannels", List.of("email"),
                    "content", List.of(Map.of("channel", "email", "subject", "Your order " + run, "text", "It ships today."))));
            assertEquals(201, request.status(), "transactional request " + i + ": " + request.body());
        }

        await("every customer has a thank-you mail and an order mail", () -> mails(run).size(), count -> count >= 2 * CUSTOMERS);
        Thread.sleep(5_000); // anything sent twice would arrive now
        List<String> mails = mails(run);
        long stored = running.count("interaction", "SELECT count(*) FROM interaction WHERE client_event_id LIKE ?", "outage-" + run + "-%");
        long sent = running.count("delivery", "SELECT count(*) FROM delivery WHERE status = 'sent' AND customer_id::text = ANY (?::text[])",
                "{" + String.join(",", customers) + "}");
        JsonNode arm = marketer.get("campaign", "/api/v1/campaigns/" + campaign + "/results").body().path("arms").get(0);
        System.out.printf("[outage] injected: %d purchases and %d transactional requests, %d of each while Kafka was down%n",
                CUSTOMERS, CUSTOMERS, duringOutage);
        System.out.printf("[outage] verified: %d purchases stored, campaign entered %d and sent %d, %d messages sent, %d mails received "
                + "(%d distinct)%n", stored, arm.path("entered").asLong(), arm.path("sent").asLong(), sent, mails.size(),
                mails.stream().distinct().count());

        assertEquals(CUSTOMERS, stored, "every purchase stored once");
        assertEquals(CUSTOMERS, arm.path("entered").asLong(), "every purchase reached campaign-service and entered once");
        assertEquals(2L * CUSTOMERS, sent, "every message sent once");
        assertEquals(2 * CUSTOMERS, mails.size(), "no mail twice");
        for (String customer : customers) {
            String email = emails.get(customer);
            assertTrue(mails.contains(email + " Thank you " + run) && mails.contains(email + " Your order " + run), "both mails for " + email);
        }
    }

    /** "recipient subject" of every mail of this run. */
    private static List<String> mails(String run) {
        List<String> mails = new ArrayList<>();
        for (MimeMessage mail : running.infra().smtp().receivedMessages()) {
            try {
                if (mail.getSubject().endsWith(run)) {
                    mails.add(mail.getAllRecipients()[0].toString() + " " + mail.getSubject());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
    }

    private static List<String> members(String segment) {
        List<String> members = new ArrayList<>();
        marketer.get("campaign", "/api/v1/segments/" + segment + "/members?limit=1000").body().path("members")
                .forEach(member -> members.add(member.asText()));
        return members;
    }

    private static String id(SuiteApi.Answer answer) {
        assertEquals(201, answer.status(), String.valueOf(answer.body()));
        return answer.body().path("id").asText();
    }
}
