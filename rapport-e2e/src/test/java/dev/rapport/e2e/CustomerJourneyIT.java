package dev.rapport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.infra.EmbeddedSmtp;
import dev.rapport.infra.SuiteApi;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static dev.rapport.infra.SuiteApi.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole customer story through the public APIs of the four packaged services, each its own
 * process: an unknown visitor browses, identifies, buys; becomes a first-time buyer; a triggered
 * thank-you campaign mails one next-best offer in the customer's variant; the click is tracked and
 * shows in the agent's conversation view and the campaign's results; the offer is not repeated on
 * SMS; a one-click unsubscribe stops later promotional messages on every channel; erasure
 * removes the customer from all four services.
 */
class CustomerJourneyIT {

    private static final Pattern CLICK = Pattern.compile("href=\"(http://localhost:\\d+/t/c/[^\"]+)\"");
    private static RunningSuite running;
    private static SuiteApi suite;

    @BeforeAll
    static void startSuite() {
        running = RunningSuite.start();
        suite = running.api();
    }

    @AfterAll
    static void stopSuite() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void anUnknownVisitorBecomesABuyerIsThankedOnceClicksUnsubscribesAndIsErasedEverywhere() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "ada-" + run + "@example.com";
        String cookie = "ck-" + run;

        // the marketer's thank-you campaign: buyers who opted in to promotional e-mail, two variants, one offer
        String subscribers = created(suite.post("campaign", "/api/v1/segments", Map.of("name", "e-mail subscribers " + run,
                "rule", Map.of("consent", Map.of("channel", "email", "purpose", "promotional")))));
        String buyers = created(suite.post("campaign", "/api/v1/segments", Map.of("name", "buyers " + run,
                "rule", Map.of("all", List.of(Map.of("orders", Map.of("atLeast", 1)),
                        Map.of("consent", Map.of("channel", "email", "purpose", "promotional")))))));
        String html = "<p>Thank you, {customer.givenName}! <a href=\"https://shop.example/next\">Your next offer: {offer.id}</a></p>";
        Map<String, Object> campaign = new java.util.HashMap<>(Map.of(
                "name", "Thank you + next best offer", "category", "promotional", "segmentId", buyers,
                "trigger", Map.of("type", "interaction", "interactionType", "purchase"),
                "goal", Map.of("interactionType", "purchase", "window", "P30D"),
                "priority", 5, "reentry", Map.of("mode", "once"), "channels", List.of("email", "sms"),
                "content", List.of(Map.of("channel", "email", "subject", "A: thank you, {customer.givenName}", "html", html,
                                "text", "Thank you! Your next offer: {offer.id}"),
                        Map.of("channel", "sms", "text", "Thanks {customer.givenName}! Next offer: {offer.id}")),
                "offers", List.of(Map.of("id", "NEXT10"))));
        campaign.put("variants", List.of(Map.of("name", "a", "weight", 1), Map.of("name", "b", "weight", 1,
                "content", List.of(Map.of("channel", "email", "subject", "B: a gift for you, {customer.givenName}", "html", html,
                        "text", "A gift: {offer.id}")))));
        String campaignId = created(suite.post("campaign", "/api/v1/campaigns", campaign));
        assertEquals(200, suite.post("campaign", "/api/v1/campaigns/" + campaignId + "/activate", Map.of()).status());
        say("marketer: campaign %s active for segment 'buyers' (variants a and b, offer NEXT10)", campaignId);

        // an unknown visitor browses the shop
        accepted(suite.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "web-" + run + "-1", "channel", "web",
                "identity", Map.of("type", "cookie-id", "value", cookie), "type", "page-view", "occurredAt", Instant.now().toString(),
                "details", Map.of("url", "https://shop.example/garden"))));
        say("visitor %s viewed a page, still anonymous", cookie);

        // ... is made a prospect, then signs up with an e-mail address and a phone number and opts in
        String customer = suite.signUp(cookie, Map.of("name", Map.of("givenName", "Ada", "familyName", "Lovelace"), "timeZone", "UTC"),
                List.of(Map.of("type", "email", "value", email),
                        Map.of("type", "phone", "value", "+44 20 7946 0" + (100 + (int) (Math.random() * 800)))));
        assertEquals("prospect", suite.get("profile", "/api/v1/profiles/" + customer + "/value").body().path("lifecycle").asText());
        for (String channel : List.of("email", "sms")) {
            assertEquals(200, suite.put("profile", "/api/v1/profiles/" + customer + "/consents/" + channel,
                    Map.of("purpose", "promotional", "status", "opt-in", "source", "web")).status());
        }
        await("campaign-service knows the customer's consent", () -> members(subscribers), members -> members.contains(customer));
        say("the prospect %s signed up as %s and opted in to promotional e-mail and SMS", customer, email);

        // ... and buys
        accepted(suite.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "pos-" + run + "-1", "channel", "web",
                "identity", Map.of("type", "email", "value", email), "type", "purchase", "occurredAt", Instant.now().toString(),
                "amount", 49.90, "currency", "EUR",
                "details", Map.of("orderId", "o-" + run, "items", List.of(Map.of("sku", "rake", "category", "garden", "quantity", 1, "price", 49.90))))));
        await("profile-service makes them a first-time buyer", () -> suite.get("profile", "/api/v1/profiles/" + customer + "/value").body(),
                value -> value != null && "first-time".equals(value.path("lifecycle").asText()));
        say("customer bought: profile-service says lifecycle first-time");

        // one thank-you e-mail, in the customer's variant
        MimeMessage mail = await("the thank-you e-mail", () -> mailTo(email), list -> !list.isEmpty()).get(0);
        JsonNode conversation = await("the conversation shows the request and the send", () -> entries(customer),
                entries -> any(entries, "decision", "decision", "sent"));
        JsonNode request = find(conversation, "kind", "request");
        String variant = request.path("variant").asText();
        assertEquals("NEXT10", request.path("offerId").asText());
        assertEquals(campaignId, request.path("campaignId").asText());
        assertEquals("a".equals(variant) ? "A: thank you, Ada" : "B: a gift for you, Ada", mail.getSubject());
        say("one e-mail '%s' (variant %s, offer NEXT10)", mail.getSubject(), variant);

        // the click is tracked and lands where the link pointed
        Matcher click = CLICK.matcher(EmbeddedSmtp.bodyOf(mail));
        assertTrue(click.find(), "the link in the mail is tracked");
        SuiteApi.Answer redirect = suite.getUrl(click.group(1).replace("&amp;", "&"));
        assertTrue(redirect.status() == 302 || redirect.status() == 303, "redirect, was " + redirect.status());
        assertEquals("https://shop.example/next", redirect.header("Location"));
        conversation = await("the agent's view shows the click", () -> entries(customer), entries -> any(entries, "response", "reason", "click"));
        say("click tracked; the agent's conversation view now holds %d entries", conversation.size());

        // the offer is made once: a second purchase neither re-enters the campaign nor sends it again by SMS
        accepted(suite.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "pos-" + run + "-2", "channel", "store",
                "identity", Map.of("type", "email", "value", email), "type", "purchase", "occurredAt", Instant.now().toString(),
                "amount", 12.00, "currency", "EUR", "details", Map.of("orderId", "o2-" + run,
                        "items", List.of(Map.of("sku", "gloves", "category", "garden", "quantity", 1, "price", 12.00))))));
        // the click (delivery events) and the conversion (interaction events) reach campaign-service on two topics, in either order
        JsonNode results = await("the campaign's results count the click and the conversion", () -> arm(campaignId, variant),
                arm -> arm != null && arm.path("clicked").asLong() == 1 && arm.path("converted").asLong() == 1);
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L), List.of(results.path("entered").asLong(), results.path("requested").asLong(),
                results.path("sent").asLong(), results.path("clicked").asLong(), results.path("converted").asLong()));
        long sends = StreamSupport.stream(entries(customer).spliterator(), false)
                .filter(e -> "decision".equals(e.path("kind").asText()) && "sent".equals(e.path("decision").asText())).count();
        assertEquals(1, sends, "one message for the offer, on one channel");
        assertEquals(1, mailTo(email).size());
        say("second purchase: counted as the campaign's conversion, no second message on any channel");

        // quiet hours defer: preferences first, then the consent that makes an informational mail possible
        // (both travel in profile snapshots, in order, so once the consent is seen the quiet hours are too)
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        String quietEnd = now.plusHours(3).withSecond(0).withNano(0).toString();
        assertEquals(200, suite.put("profile", "/api/v1/profiles/" + customer + "/preferences", Map.of("quietHours",
                Map.of("start", now.minusHours(1).withSecond(0).withNano(0).toString(), "end", quietEnd))).status());
        assertEquals(200, suite.put("profile", "/api/v1/profiles/" + customer + "/consents/email",
                Map.of("purpose", "informational", "status", "opt-in", "source", "web")).status());
        JsonNode deferred = await("an informational mail during quiet hours is deferred", () -> suite.post("delivery", "/api/v1/deliveries",
                Map.of("requestId", UUID.randomUUID().toString(), "customerId", customer, "category", "informational",
                        "allowedChannels", List.of("email"), "content", List.of(Map.of("channel", "email", "subject", "News", "text", "News")))).body(),
                body -> body != null && !"suppressed".equals(body.path("decision").asText()));
        assertEquals("deferred", deferred.path("decision").asText(), deferred.toString());
        assertEquals("quiet hours", deferred.path("reason").asText(), deferred.toString());
        assertTrue(deferred.path("deferredUntil").asText().contains("T" + quietEnd), deferred.toString());
        assertEquals(1, mailTo(email).size());
        say("quiet hours until %s UTC: an informational mail is deferred until %s", quietEnd, deferred.path("deferredUntil").asText());

        // one-click unsubscribe stops every later promotional message, on every channel
        String unsubscribe = mail.getHeader("List-Unsubscribe")[0].replaceAll("[<>]", "");
        assertEquals(200, suite.postUrl(unsubscribe).status());
        JsonNode later = await("a later promotional message is suppressed on e-mail and SMS", () -> suite.post("delivery", "/api/v1/deliveries",
                Map.of("requestId", UUID.randomUUID().toString(), "customerId", customer, "category", "promotional",
                        "allowedChannels", List.of("email", "sms"),
                        "content", List.of(Map.of("channel", "email", "subject", "Sale", "text", "Sale"), Map.of("channel", "sms", "text", "Sale")))).body(),
                body -> body != null && "suppressed".equals(body.path("decision").asText()));
        say("unsubscribed with one click: a later promotional message is %s (%s)", later.path("decision").asText(), later.path("reason").asText());

        // erasure: the customer is gone from all four services
        assertEquals(204, suite.delete("profile", "/api/v1/profiles/" + customer).status());
        assertEquals(404, suite.get("profile", "/api/v1/profiles/" + customer).status());
        await("interaction-service forgot the customer", () -> suite.get("interaction", "/api/v1/customers/" + customer + "/timeline").body(),
                body -> body != null && body.path("items").isEmpty());
        await("delivery-service forgot the conversation", () -> entries(customer), JsonNode::isEmpty);
        UUID id = UUID.fromString(customer);
        await("campaign-service forgot the customer", () -> List.of(running.count("campaign", "SELECT count(*) FROM customer WHERE customer_id = ?", id),
                running.count("campaign", "SELECT count(*) FROM campaign_request WHERE customer_id = ?", id),
                running.count("campaign", "SELECT count(*) FROM segment_member WHERE customer_id = ?", id)), n -> n.equals(List.of(0L, 0L, 0L)));
        assertEquals(1, arm(campaignId, variant).path("entered").asLong(), "results keep counting the entry without the customer");
        say("erased: profile 404, empty timeline, empty conversation, no campaign rows; results still count the entry");
    }

    private static String created(SuiteApi.Answer answer) {
        assertEquals(201, answer.status(), String.valueOf(answer.body()));
        return answer.body().path("id").asText();
    }

    private static void accepted(SuiteApi.Answer answer) {
        assertTrue(answer.status() / 100 == 2, answer.status() + " " + answer.body());
    }

    private static List<String> members(String segment) {
        List<String> members = new ArrayList<>();
        suite.get("campaign", "/api/v1/segments/" + segment + "/members?limit=1000").body().path("members").forEach(m -> members.add(m.asText()));
        return members;
    }

    private static JsonNode entries(String customer) {
        SuiteApi.Answer answer = suite.get("delivery", "/api/v1/conversations/" + customer);
        return answer.body() == null ? SuiteApi.JSON.createArrayNode() : answer.body().path("entries");
    }

    private static JsonNode arm(String campaign, String variant) {
        for (JsonNode arm : suite.get("campaign", "/api/v1/campaigns/" + campaign + "/results").body().path("arms")) {
            if (variant.equals(arm.path("variant").asText())) {
                return arm;
            }
        }
        return null;
    }

    /** Whether an entry of the kind has the value in the field. */
    private static boolean any(JsonNode entries, String kind, String field, String value) {
        return StreamSupport.stream(entries.spliterator(), false)
                .anyMatch(e -> kind.equals(e.path("kind").asText()) && value.equals(e.path(field).asText()));
    }

    private static JsonNode find(JsonNode entries, String field, String value) {
        for (JsonNode entry : entries) {
            if (value.equals(entry.path(field).asText())) {
                return entry;
            }
        }
        return null;
    }

    private static List<MimeMessage> mailTo(String address) {
        return running.infra().smtp().receivedBy(address);
    }

    private static void say(String format, Object... args) {
        System.out.printf("[journey] " + format + "%n", args);
    }
}
