package dev.rapport.delivery;

import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.BadRequests;
import dev.rapport.infra.testing.BadRequests.ParamValue;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.FieldRules;
import dev.rapport.infra.testing.JsonMutations;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.StoredData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.infra.testing.BadRequests.badDates;
import static dev.rapport.infra.testing.BadRequests.badIntegers;
import static dev.rapport.infra.testing.BadRequests.badTexts;
import static dev.rapport.infra.testing.BadRequests.badUuids;
import static dev.rapport.infra.testing.BadRequests.endpoint;
import static io.restassured.RestAssured.given;

/**
 * Bad input on every public endpoint of delivery-service: every mutation of a valid delivery
 * request, agent message, channel feedback and contact policy (malformed JSON, wrong types, huge
 * strings, Unicode edge cases, unknown enum values, negative and overflowing numbers and durations,
 * unknown fields) and bad path and query parameters (ids, limits, dates, tracking tokens) get a 4xx
 * problem document naming the field, and none of them changes the stored data.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
class DeliveryBadInputTest {

    static final FieldRules REQUEST = FieldRules.parse("""
            requestId              uuid required
            customerId             uuid required
            campaignId             uuid
            variant                text max=64
            offerId                text max=100
            category               enum required
            priority               int min=0 max=1000
            allowedChannels        array required nonempty max=10
            allowedChannels[*]     enum required
            preferredChannels      array max=10
            preferredChannels[*]   enum required
            content                array required nonempty max=10
            content[*]             object required
            content[*].channel     enum required
            content[*].subject     text max=500
            content[*].html        text max=200000
            content[*].text        text required max=100000
            notBefore              instant
            expiresAt              instant       # after notBefore
            """);

    static final FieldRules MESSAGE = FieldRules.parse("""
            kind         code                 # message or call-log
            category     enum required
            channels     array required nonempty max=10
            channels[*]  enum required
            subject      text max=200
            text         text required notblank max=10000
            agentId      text required notblank max=100
            """);

    static final FieldRules FEEDBACK = FieldRules.parse("""
            status   enum required           # delivered, bounced or complained
            reason   text max=500
            """);

    static final FieldRules POLICY = FieldRules.parse("""
            maxPerWeek                 int required min=0 max=100
            channelCaps                array
            channelCaps[*]             object required
            channelCaps[*].channel     enum required
            channelCaps[*].maxPerWeek  int required min=0 max=100
            minimumGap                 duration required nonnegative
            defaultQuietHours          object
            defaultQuietHours.start    time required
            defaultQuietHours.end      time required
            """);

    @Test
    void refusesEveryBadRequestWithAProblemNamingTheFieldAndChangesNothing() {
        UUID customer = UUID.randomUUID();
        UUID requestId = UUID.randomUUID();
        given().contentType("application/json").body(request(customer, UUID.randomUUID())).post("/api/v1/deliveries").then().statusCode(201);
        String policy = given().get("/api/v1/contact-policy").then().statusCode(200).extract().asString();
        awaitSenderIdle();

        BadRequests session = BadRequests.against(StoredData.ofService());
        try {
            session.test(endpoint("POST", "/api/v1/deliveries")
                    .body(JsonMutations.of(request(customer, requestId)))
                    .fresh(requestId.toString(), () -> UUID.randomUUID().toString())
                    .acceptable(REQUEST::acceptable));
            session.test(endpoint("GET", "/api/v1/deliveries/{requestId}").pathParam("requestId", requestId, withUnknown(badUuids()))
                    .noValidControl());
            session.test(endpoint("PUT", "/api/v1/contact-policy").body(JsonMutations.of(Map.of("maxPerWeek", 5,
                            "channelCaps", List.of(Map.of("channel", "sms", "maxPerWeek", 2)), "minimumGap", "PT12H",
                            "defaultQuietHours", Map.of("start", "22:00", "end", "07:00"))))
                    .acceptable(POLICY::acceptable));
            session.test(endpoint("GET", "/api/v1/conversations/{customerId}").pathParam("customerId", customer, badUuids()));
            session.test(endpoint("POST", "/api/v1/conversations/{customerId}/messages").pathParam("customerId", customer, badUuids())
                    .body(JsonMutations.of(Map.of("kind", "message", "category", "service", "channels", List.of("email"),
                            "subject", "About your order", "text", "Your roses ship tomorrow.", "agentId", "agent-7")))
                    .acceptable(MESSAGE::acceptable));
            // a message nobody sent: the body is checked first (400), a valid one finds no message (404)
            session.test(endpoint("POST", "/api/v1/messages/{messageId}/feedback").pathParam("messageId", UUID.randomUUID(), badUuids())
                    .body(JsonMutations.of(Map.of("status", "bounced", "reason", "550 no such user")))
                    .acceptable(FEEDBACK::acceptable)
                    .noValidControl());
            session.test(endpoint("GET", "/api/v1/customers/{id}/inbox").pathParam("id", customer, badUuids())
                    .queryParam("limit", 10, badIntegers(1, 500)));
            session.test(endpoint("GET", "/api/v1/agent-tasks").queryParam("limit", 10, badIntegers(1, 1000)));
            session.test(endpoint("GET", "/api/v1/direct-mail/batches/{date}").pathParam("date", LocalDate.now(), badDates()));
            // public: only tokens this service signed; everything else is a 404 (paced below the per-client rate limit)
            for (String tracking : List.of("GET /t/o/{token}", "GET /t/c/{token}", "POST /u/{token}")) {
                String[] parts = tracking.split(" ");
                session.test(endpoint(parts[0], parts[1]).pathParam("token", "x", badTokens()).paced(80).noValidControl());
            }
            session.finish();
        } finally {
            given().contentType("application/json").body(policy).put("/api/v1/contact-policy").then().statusCode(200);
        }
    }

    /** The sender works in the background: wait until it has nothing due in the next minutes, so that the snapshot holds still. */
    static void awaitSenderIdle() {
        long due = Eventually.await(Duration.ofSeconds(60), () -> ServiceDatabase.count("""
                SELECT count(*) FROM delivery WHERE status IN ('queued', 'sending', 'deferred')
                AND next_attempt_at < now() + interval '3 minutes'"""), n -> n == 0);
        System.out.println("[bad-input] deliveries the sender still has due within 3 minutes: " + due);
    }

    static Map<String, Object> request(UUID customer, UUID requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId.toString());
        body.put("customerId", customer.toString());
        body.put("campaignId", UUID.randomUUID().toString());
        body.put("variant", "A");
        body.put("offerId", "rose-10");
        body.put("category", "service");
        body.put("priority", 5);
        body.put("allowedChannels", List.of("email"));
        body.put("preferredChannels", List.of("email"));
        body.put("content", List.of(Map.of("channel", "email", "subject", "Your order", "html", "<p>Your roses ship tomorrow</p>",
                "text", "Your roses ship tomorrow")));
        body.put("notBefore", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        return body;
    }

    static List<ParamValue> withUnknown(List<ParamValue> bad) {
        List<ParamValue> values = new ArrayList<>(bad);
        values.add(new ParamValue("a well-formed id nobody has", UUID.randomUUID().toString()));
        return values;
    }

    static List<ParamValue> badTokens() {
        List<ParamValue> values = new ArrayList<>(badTexts().stream().filter(v -> !v.value().isEmpty()).toList());
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        values.add(new ParamValue("an unsigned payload", forged));
        values.add(new ParamValue("a payload with a forged signature", forged + ".c2lnbmF0dXJl"));
        values.add(new ParamValue("only a dot", "."));
        values.add(new ParamValue("a thousand dots", ".".repeat(1_000)));
        return values;
    }
}
