package dev.rapport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo conversation {@code ./run-local} plays once the suite is up, through the public APIs
 * only: a marketer's thank-you campaign, three customers who browse and buy, the mails that
 * follow, a click. It prints what happened in plain words and where to look.
 */
public final class Demo {

    private static final Pattern CLICK = Pattern.compile("href=\"(http://[^\"]+/t/c/[^\"]+)\"");

    private final SuiteApi api;
    // each step calls with the role of whoever would do it: the security model, shown
    private final SuiteApi marketer;
    private final SuiteApi channelApp;
    private final SuiteApi agent;
    private final EmbeddedSmtp smtp;
    private final Consumer<String> out;

    public Demo(SuiteApi api, EmbeddedSmtp smtp, Consumer<String> out) {
        this.api = api;
        this.marketer = api.as("marketer");
        this.channelApp = api.as("channel-app");
        this.agent = api.as("agent");
        this.smtp = smtp;
        this.out = out;
    }

    /** Plays the demo; returns the customers by name to their ids. */
    public Map<String, String> play() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        say("Playing a demo conversation ...");
        String segment = id(marketer.post("campaign", "/api/v1/segments", Map.of("name", "Garden buyers who like e-mail (" + run + ")",
                "description", "bought something for the garden in the last 30 days and opted in to promotional e-mail",
                "rule", Map.of("all", List.of(Map.of("purchased", Map.of("category", "garden", "withinDays", 30)),
                        Map.of("consent", Map.of("channel", "email", "purpose", "promotional")))))));
        String html = "<p>Dear {customer.givenName},</p><p>thank you for your order. As a thank-you: "
                + "<a href=\"https://shop.example/garden/next\">{offer.id} - 10 % off your next garden order</a>.</p>";
        Map<String, Object> campaign = new HashMap<>(Map.of("name", "Thank you + next best offer", "category", "promotional",
                "segmentId", segment, "trigger", Map.of("type", "interaction", "interactionType", "purchase",
                        "filter", Map.of("details.items.category", "garden")),
                "goal", Map.of("interactionType", "purchase", "window", "P30D"), "priority", 5, "reentry", Map.of("mode", "once"),
                "channels", List.of("email"),
                "content", List.of(Map.of("channel", "email", "subject", "Thank you, {customer.givenName}", "html", html,
                        "text", "Thank you for your order! {offer.id}: 10 % off your next garden order.")),
                "offers", List.of(Map.of("id", "GARDEN10"))));
        campaign.put("variants", List.of(Map.of("name", "thanks", "weight", 1), Map.of("name", "gift", "weight", 1, "content",
                List.of(Map.of("channel", "email", "subject", "A little gift for you, {customer.givenName}", "html", html,
                        "text", "A little gift: {offer.id}, 10 % off your next garden order.")))));
        String campaignId = id(marketer.post("campaign", "/api/v1/campaigns", campaign));
        expect(marketer.post("campaign", "/api/v1/campaigns/" + campaignId + "/activate", Map.of()), 200);
        say("  1. A marketer created the segment 'Garden buyers who like e-mail' and the campaign 'Thank you + next best offer'");
        say("     (two variants, 'thanks' and 'gift', offer GARDEN10) and activated it.");

        Map<String, String> customers = new LinkedHashMap<>();
        Map<String, String> emails = new LinkedHashMap<>();
        for (String name : List.of("Ada", "Ben", "Cleo")) {
            String email = name.toLowerCase() + "-" + run + "@example.com";
            String cookie = "ck-" + name.toLowerCase() + "-" + run;
            expect(channelApp.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "demo-" + cookie, "channel", "web",
                    "identity", Map.of("type", "cookie-id", "value", cookie), "type", "product-view", "occurredAt", Instant.now().toString(),
                    "details", Map.of("productId", "rake-42", "category", "garden"))), 201, 202);
            String id = channelApp.signUp(cookie, Map.of("name", Map.of("givenName", name, "familyName", "Demo"), "timeZone", "UTC"),
                    List.of(Map.of("type", "email", "value", email)));
            if (!name.equals("Cleo")) {
                expect(channelApp.put("profile", "/api/v1/profiles/" + id + "/consents/email",
                        Map.of("purpose", "promotional", "status", "opt-in", "source", "demo")), 200);
            }
            customers.put(name, id);
            emails.put(name, email);
        }
        say("  2. Ada, Ben and Cleo looked at a garden rake anonymously (profile-service made each a prospect), then signed up");
        say("     with their e-mail address;");
        say("     Ada and Ben opted in to promotional e-mail, Cleo did not.");
        // let the profiles (and the consents) reach campaign- and delivery-service before anyone buys
        Thread.sleep(3_000);

        for (String name : customers.keySet()) {
            expect(channelApp.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "demo-order-" + name + "-" + run, "channel", "web",
                    "identity", Map.of("type", "email", "value", emails.get(name)), "type", "purchase", "occurredAt", Instant.now().toString(),
                    "amount", 39.90, "currency", "EUR", "details", Map.of("orderId", "demo-" + name + "-" + run,
                            "items", List.of(Map.of("sku", "rake-42", "category", "garden", "quantity", 1, "price", 39.90))))), 201, 202);
        }
        say("  3. All three bought the rake.");

        for (String name : List.of("Ada", "Ben")) {
            MimeMessage mail = SuiteApi.await("the thank-you mail to " + name, () -> smtp.receivedBy(emails.get(name)), list -> !list.isEmpty()).get(0);
            say("%s%s got one e-mail: \"%s\"", name.equals("Ada") ? "  4. " : "     ", name, mail.getSubject());
            if (name.equals("Ada")) {
                Matcher click = CLICK.matcher(EmbeddedSmtp.bodyOf(mail));
                if (click.find()) {
                    api.anonymous().getUrl(click.group(1).replace("&amp;", "&"));
                    say("     Ada clicked the offer in it; the click was tracked and redirected to the shop.");
                }
            }
        }
        Thread.sleep(1_000);
        JsonNode cleo = agent.get("delivery", "/api/v1/conversations/" + customers.get("Cleo")).body();
        say("  5. Cleo got nothing: she is not in the segment (no e-mail consent); her conversation has %d entries.",
                cleo == null ? 0 : cleo.path("entries").size());
        say("");
        say("Where to look (with the bearer token of the role in brackets, printed above):");
        say("  Ada's conversation (call-center view)  %s/api/v1/conversations/%s  [agent]", api.url("delivery"), customers.get("Ada"));
        say("  Ada's interactions                     %s/api/v1/customers/%s/timeline  [agent]", api.url("interaction"), customers.get("Ada"));
        say("  Ada's profile, value and consents      %s/api/v1/profiles/%s/export  [admin]", api.url("profile"), customers.get("Ada"));
        say("  Campaign results per variant           %s/api/v1/campaigns/%s/results  [marketer]", api.url("campaign"), campaignId);
        say("  Channel analytics                      %s/api/v1/analytics/channels  [marketer]", api.url("interaction"));
        return customers;
    }

    private static String id(SuiteApi.Answer answer) {
        expect(answer, 201);
        return answer.body().path("id").asText();
    }

    private static void expect(SuiteApi.Answer answer, int... statuses) {
        for (int status : statuses) {
            if (answer.status() == status) {
                return;
            }
        }
        throw new IllegalStateException("the demo expected HTTP " + statuses[0] + " but got " + answer.status() + ": " + answer.body());
    }

    private void say(String format, Object... args) {
        out.accept(args.length == 0 ? format : String.format(format, args));
    }
}
