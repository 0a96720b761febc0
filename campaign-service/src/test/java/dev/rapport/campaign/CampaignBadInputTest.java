package dev.rapport.campaign;

import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.BadRequests;
import dev.rapport.infra.testing.BadRequests.ParamValue;
import dev.rapport.infra.testing.FieldRules;
import dev.rapport.infra.testing.JsonMutations;
import dev.rapport.infra.testing.StoredData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.rapport.infra.testing.BadRequests.badIntegers;
import static dev.rapport.infra.testing.BadRequests.badUuids;
import static dev.rapport.infra.testing.BadRequests.endpoint;
import static io.restassured.RestAssured.given;

/**
 * Bad input on every public endpoint of campaign-service: every mutation of a valid segment and a
 * valid campaign (malformed JSON, wrong types, huge strings, Unicode edge cases, unknown enum values,
 * negative, zero and overflowing numbers and durations, unknown fields) and bad path and query
 * parameters get a 4xx problem document naming the field, and none of them changes the stored data.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "campaign"))
class CampaignBadInputTest {

    static final FieldRules SEGMENT = FieldRules.parse("""
            name                              text required notblank max=200
            description                       text max=2000
            rule                              object required
            rule.all                          array required nonempty
            rule.all[*]                       object required
            rule.all[*].field                 text required notblank   # traits.<any member name>
            rule.all[*].op                    code required
            rule.all[*].value                 json required
            rule.all[*].purchased             object required
            rule.all[*].purchased.category    text notblank
            rule.all[*].purchased.withinDays  int required min=1 max=3650
            rule.all[*].orders                object required
            rule.all[*].orders.atLeast        int required min=0 max=1000000
            """);

    static final FieldRules CAMPAIGN = FieldRules.parse("""
            name                       text required notblank max=200
            category                   enum required
            segmentId                  uuid required
            trigger                    object required
            trigger.type               code required
            trigger.interactionType    text notblank max=64        # required for an interaction trigger
            trigger.filter             jsonobject                  # interaction paths to a value or values
            delay                      duration nonnegative
            goal                       object
            goal.interactionType       text required notblank max=64
            goal.window                duration required positive
            priority                   int min=0 max=1000          # a number; left out it is 0
            reentry                    object required
            reentry.mode               code required
            reentry.everyDays          int required min=1 max=3650  # required when the mode is every
            validFrom                  instant
            validUntil                 instant
            channels                   array required nonempty max=10
            channels[*]                enum required
            content                    array required nonempty max=10
            content[*]                 object required
            content[*].channel         enum required
            content[*].subject         text max=500
            content[*].html            text max=200000
            content[*].text            text required notblank max=100000
            offers                     array max=20
            offers[*]                  object required
            offers[*].id               text required notblank max=100
            offers[*].maxRedemptions   int min=1
            variants                   array max=10
            variants[*]                object required
            variants[*].name           text required notblank max=64
            variants[*].weight         int required min=1 max=100
            variants[*].offerId        text max=100
            holdoutPercent             int min=0 max=50            # a number; left out it is 0
            allocation                 code
            """);

    @Test
    void refusesEveryBadRequestWithAProblemNamingTheFieldAndChangesNothing() {
        String segment = given().contentType("application/json").body(segment()).post("/api/v1/segments").then().statusCode(201)
                .extract().path("id");
        String campaign = create(campaign(segment));
        String lifecycle = create(campaign(segment));
        List<ParamValue> badIds = withUnknown(badUuids());

        BadRequests session = BadRequests.against(StoredData.ofService().excluding("audience_run"));

        session.test(endpoint("POST", "/api/v1/segments").body(JsonMutations.of(segment())).acceptable(SEGMENT::acceptable));
        session.test(endpoint("PUT", "/api/v1/segments/{id}").pathParam("id", segment, badIds)
                .body(JsonMutations.of(segment())).acceptable(SEGMENT::acceptable));
        session.test(endpoint("GET", "/api/v1/segments/{id}").pathParam("id", segment, badIds));
        session.test(endpoint("GET", "/api/v1/segments/{id}/members").pathParam("id", segment, badIds)
                .queryParam("after", UUID.randomUUID(), badUuids())
                .queryParam("limit", 10, badIntegers(1, 1000)));
        session.test(endpoint("POST", "/api/v1/segments/{id}/preview").pathParam("id", segment, badIds));
        session.test(endpoint("DELETE", "/api/v1/segments/{id}").pathParam("id", UUID.randomUUID(), badIds));

        // a campaign has some 630 mutations: a seeded sample of each half keeps the run short
        session.test(endpoint("POST", "/api/v1/campaigns").body(JsonMutations.of(campaign(segment)).seed(31)).sample(220)
                .acceptable(CAMPAIGN::acceptable));
        session.test(endpoint("PUT", "/api/v1/campaigns/{id}").pathParam("id", campaign, badIds)
                .body(JsonMutations.of(campaign(segment)).seed(32)).sample(220).acceptable(CAMPAIGN::acceptable));
        session.test(endpoint("GET", "/api/v1/campaigns/{id}").pathParam("id", campaign, badIds));
        session.test(endpoint("GET", "/api/v1/campaigns/{id}/results").pathParam("id", campaign, badIds));
        session.test(endpoint("POST", "/api/v1/campaigns/{id}/activate").pathParam("id", lifecycle, badIds));
        session.test(endpoint("POST", "/api/v1/campaigns/{id}/pause").pathParam("id", lifecycle, badIds));
        session.test(endpoint("POST", "/api/v1/campaigns/{id}/complete").pathParam("id", lifecycle, badIds));
        session.test(endpoint("DELETE", "/api/v1/campaigns/{id}").pathParam("id", UUID.randomUUID(), badIds));
        session.finish();
    }

    static Map<String, Object> segment() {
        return Map.of("name", "gold gardeners", "description", "gold-tier customers who bought garden things lately",
                "rule", Map.of("all", List.of(
                        Map.of("field", "traits.tier", "op", "eq", "value", "gold"),
                        Map.of("purchased", Map.of("category", "garden", "withinDays", 30)),
                        Map.of("orders", Map.of("atLeast", 2)))));
    }

    static Map<String, Object> campaign(String segment) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", "Thank you");
        spec.put("category", "promotional");
        spec.put("segmentId", segment);
        spec.put("trigger", Map.of("type", "interaction", "interactionType", "purchase", "filter", Map.of("channel", "store")));
        spec.put("delay", "PT1H");
        spec.put("goal", Map.of("interactionType", "purchase", "window", "P7D"));
        spec.put("priority", 5);
        spec.put("reentry", Map.of("mode", "every", "everyDays", 7));
        spec.put("validFrom", Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        spec.put("validUntil", Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        spec.put("channels", List.of("email"));
        spec.put("content", List.of(Map.of("channel", "email", "subject", "Thanks, {customer.givenName}",
                "html", "<p>Thanks for your order</p>", "text", "Thanks for your order")));
        spec.put("offers", List.of(Map.of("id", "rose-10", "maxRedemptions", 100)));
        spec.put("variants", List.of(Map.of("name", "A", "weight", 50, "offerId", "rose-10"), Map.of("name", "B", "weight", 50)));
        spec.put("holdoutPercent", 10);
        spec.put("allocation", "fixed");
        return spec;
    }

    static String create(Map<String, Object> spec) {
        return given().contentType("application/json").body(spec).post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
    }

    static List<ParamValue> withUnknown(List<ParamValue> bad) {
        List<ParamValue> values = new ArrayList<>(bad);
        values.add(new ParamValue("a well-formed id nobody has", UUID.randomUUID().toString()));
        return values;
    }
}
