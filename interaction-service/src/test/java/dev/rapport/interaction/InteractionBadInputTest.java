package dev.rapport.interaction;

import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.BadRequests;
import dev.rapport.infra.testing.BadRequests.ParamValue;
import dev.rapport.infra.testing.BadRequests.Request;
import dev.rapport.infra.testing.FieldRules;
import dev.rapport.infra.testing.JsonMutations;
import dev.rapport.infra.testing.StoredData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.rapport.infra.testing.BadRequests.badDurations;
import static dev.rapport.infra.testing.BadRequests.badEnums;
import static dev.rapport.infra.testing.BadRequests.badInstants;
import static dev.rapport.infra.testing.BadRequests.badIntegers;
import static dev.rapport.infra.testing.BadRequests.badTexts;
import static dev.rapport.infra.testing.BadRequests.badUuids;
import static dev.rapport.infra.testing.BadRequests.endpoint;
import static io.restassured.RestAssured.given;

/**
 * Bad input on every public endpoint of interaction-service: every mutation of a valid interaction
 * (malformed JSON, wrong types, huge strings, Unicode edge cases, unknown enum values, negative and
 * overflowing numbers, unknown fields), alone and inside a batch, and bad path and query parameters
 * get a 4xx problem document naming the field (a batch names it per item), and none of them
 * changes the stored data.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "interaction"))
class InteractionBadInputTest {

    static final String INTERACTION_RULES = """
            clientEventId             text required notblank max=200
            customerId                uuid required       # or an identity; the sample names the customer by id
            channel                   enum required
            direction                 enum
            type                      code required       # one of the documented interaction types
            occurredAt                instant required
            campaignId                uuid
            messageId                 uuid
            variant                   text max=64
            amount                    decimal required min=0 scale=4 digits=15   # required for a purchase
            currency                  code required       # ISO 4217, required for a purchase
            details                   object              # the purchase payload; none is an empty one
            details.orderId           text max=100
            details.items             array max=500
            details.items[*]          object required
            details.items[*].sku      text required notblank max=100
            details.items[*].category text max=100
            details.items[*].quantity int required min=1
            details.items[*].price    decimal min=0
            """;

    static final FieldRules INTERACTION = FieldRules.parse(INTERACTION_RULES);

    static final FieldRules BATCH = FieldRules.parse("""
            items      array required nonempty max=1000
            items[*]   object required
            """ + INTERACTION_RULES.lines().map(line -> "items[*]." + line.strip()).collect(Collectors.joining("\n")));

    /** Stands for a new client event id in each request, so that no request is a duplicate of another. */
    static final String FRESH = "FRESHEVENT";

    @Test
    void refusesEveryBadRequestWithAProblemNamingTheFieldAndChangesNothing() {
        UUID customer = UUID.randomUUID();
        String stored = InteractionTesting.post(InteractionTesting.purchase(customer, Instant.now().minusSeconds(600), "20.00"))
                .statusCode(201).extract().path("interactionId");
        InteractionTesting.post(InteractionTesting.pageView(customer, Instant.now().minusSeconds(300))).statusCode(201);
        String cursor = given().queryParam("limit", 1).get("/api/v1/customers/" + customer + "/timeline").then().statusCode(200)
                .extract().path("nextCursor");

        BadRequests session = BadRequests.against(StoredData.ofService());

        session.test(endpoint("POST", "/api/v1/interactions")
                .body(JsonMutations.of(purchase(customer)))
                .fresh(FRESH, () -> UUID.randomUUID().toString())
                .acceptable(INTERACTION::acceptable));
        session.test(endpoint("POST", "/api/v1/interactions/batch")
                .body(JsonMutations.of(Map.of("items", List.of(purchase(customer)))))
                .fresh(FRESH, () -> UUID.randomUUID().toString())
                .acceptable(BATCH::acceptable)
                .check(InteractionBadInputTest::rejectedInBatch));
        session.test(endpoint("GET", "/api/v1/interactions/{id}").pathParam("id", stored, withUnknown(badUuids())));
        session.test(endpoint("GET", "/api/v1/customers/{id}/timeline")
                .pathParam("id", customer, badUuids())
                .queryParam("channel", "store", badEnums())
                .queryParam("type", "purchase", freeTextFilter())
                .queryParam("direction", "inbound", badEnums())
                .queryParam("from", Instant.now().minus(1, ChronoUnit.DAYS), badInstants())
                .queryParam("to", Instant.now().plus(1, ChronoUnit.DAYS), badInstants())
                .queryParam("limit", 10, badIntegers(1, 500))
                .queryParam("cursor", null, badCursors(cursor)));
        session.test(endpoint("GET", "/api/v1/analytics/channels")
                .queryParam("from", Instant.now().minus(7, ChronoUnit.DAYS), withReversedRange(badInstants()))
                .queryParam("to", Instant.now(), badInstants()));
        session.test(endpoint("GET", "/api/v1/analytics/campaigns/{id}")
                .pathParam("id", UUID.randomUUID(), badUuids())
                .queryParam("from", Instant.now().minus(7, ChronoUnit.DAYS), withReversedRange(badInstants()))
                .queryParam("to", Instant.now(), badInstants())
                .queryParam("window", "P7D", withTooLong(badDurations())));
        session.finish();
    }

    /**
     * A batch answers 200 with a per-item verdict: a bad item is rejected naming its field (without
     * the items[0] prefix), and nothing is stored. A bad batch as a whole is a 400 like any body.
     */
    static String rejectedInBatch(Request request, Response response) {
        String path = request.mutation() == null ? null : request.mutation().path();
        if ("items".equals(path) && "[null]".equals(request.mutation().value())) {
            path = "items[0]"; // a null item is rejected as an item
        }
        boolean inItem = path != null && path.startsWith("items[0]");
        if (!inItem || response.statusCode() != 200) {
            // a bad batch as a whole; or an item whose text cannot be read at all (NUL), refused with the whole batch
            return checkWhole(request, response);
        }
        String status = response.jsonPath().getString("results[0].status");
        if (!"rejected".equals(status)) {
            return "the bad item was " + status + ", not rejected";
        }
        if (path.equals("items[0]")) {
            return null; // not an object at all: no field to name
        }
        String field = path.substring("items[0].".length());
        List<String> fields = response.jsonPath().getList("results[0].errors.field", String.class);
        return fields.stream().anyMatch(f -> BadRequests.pointsAt(f, field)) ? null
                : "the rejected item names " + fields + ", not " + field;
    }

    private static String checkWhole(Request request, Response response) {
        if (!request.statuses().contains(response.statusCode())) {
            return "expected one of " + request.statuses() + ", got " + response.statusCode() + ": " + response.asString();
        }
        String shape = BadRequests.problemShape(response);
        if (shape != null || request.field() == null || response.statusCode() != 400) {
            return shape;
        }
        List<String> fields = response.jsonPath().getList("errors.field", String.class);
        return fields.stream().anyMatch(f -> BadRequests.pointsAt(f, request.field())) ? null
                : "expected an error naming " + request.field() + ", got " + fields;
    }

    static Map<String, Object> purchase(UUID customer) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("clientEventId", "pos-" + FRESH);
        item.put("customerId", customer.toString());
        item.put("channel", "store");
        item.put("direction", "inbound");
        item.put("type", "purchase");
        item.put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        item.put("campaignId", UUID.randomUUID().toString());
        item.put("messageId", UUID.randomUUID().toString());
        item.put("variant", "A");
        item.put("amount", 20.5);
        item.put("currency", "EUR");
        item.put("details", Map.of("orderId", "o-1", "items", List.of(Map.of("sku", "rose-1", "category", "garden", "quantity", 2, "price", 10.25))));
        return item;
    }

    static List<ParamValue> withUnknown(List<ParamValue> bad) {
        List<ParamValue> values = new ArrayList<>(bad);
        values.add(new ParamValue("a well-formed id nobody has", UUID.randomUUID().toString()));
        return values;
    }

    /** The type filter is free text: anything odd simply matches nothing, but NUL cannot even be looked for. */
    static List<ParamValue> freeTextFilter() {
        return badTexts().stream().map(value -> value.value().contains("\u0000") ? value : value.asAcceptable()).toList();
    }

    static List<ParamValue> badCursors(String issued) {
        List<ParamValue> values = new ArrayList<>(badTexts());
        values.add(new ParamValue("not base64", "!!!"));
        values.add(new ParamValue("base64 of garbage", base64("garbage")));
        values.add(new ParamValue("a cursor with a word for seconds", base64("soon.0:" + UUID.randomUUID())));
        values.add(new ParamValue("a cursor without an id", base64("1.0:")));
        values.add(new ParamValue("a cursor beyond Java's time range", base64("99999999999999999.0:" + UUID.randomUUID())));
        values.add(new ParamValue("a cursor beyond PostgreSQL's time range", base64("-999999999999.0:" + UUID.randomUUID())));
        // cursors are opaque, not signed: one that decodes to a position is a position
        values.add(new ParamValue("a cursor with negative nanoseconds", base64("1.-5:" + UUID.randomUUID())).asAcceptable());
        values.add(new ParamValue("an issued cursor with a character cut off", issued.substring(0, issued.length() - 1)).asAcceptable());
        return values;
    }

    static List<ParamValue> withReversedRange(List<ParamValue> bad) {
        List<ParamValue> values = new ArrayList<>(bad);
        values.add(new ParamValue("after to", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        return values;
    }

    static List<ParamValue> withTooLong(List<ParamValue> bad) {
        List<ParamValue> values = new ArrayList<>(bad);
        values.add(new ParamValue("longer than a year", "P366D"));
        return values;
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
