package dev.rapport.campaign;

import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.ServiceDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "campaign"))
class CampaignApiTest {

    @Test
    void goesFromDraftToActiveToPausedAndVersionsAChangeOfContentWhileLive() {
        Map<String, Object> spec = spec(segment(), "Hello {customer.givenName}, thank you for your order.");
        String id = post(spec).statusCode(201).body("status", equalTo("draft")).body("version", equalTo(1)).extract().path("id");

        given().post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200).body("status", equalTo("active"));
        Map<String, Object> changed = spec(spec.get("segmentId").toString(), "Dear {customer.givenName}, thanks a lot.");
        given().contentType("application/json").body(changed).put("/api/v1/campaigns/" + id).then().statusCode(200)
                .body("version", equalTo(2)).body("spec.content[0].text", equalTo("Dear {customer.givenName}, thanks a lot."));
        Map<String, Object> samePriority = new HashMap<>(changed);
        samePriority.put("priority", 7);
        given().contentType("application/json").body(samePriority).put("/api/v1/campaigns/" + id).then().statusCode(200)
                .body("version", equalTo(2)).body("spec.priority", equalTo(7));
        given().post("/api/v1/campaigns/" + id + "/pause").then().statusCode(200).body("status", equalTo("paused"));
        given().post("/api/v1/campaigns/" + id + "/pause").then().statusCode(409).contentType("application/problem+json");
        given().delete("/api/v1/campaigns/" + id).then().statusCode(409);
        given().post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200).body("status", equalTo("active"));
    }

    @Test
    void rejectsATemplateReferringToDataCampaignsDoNotHaveAndStoresNothing() {
        long before = ServiceDatabase.count("SELECT count(*) FROM campaign");
        post(spec(segment(), "Hi {customer.shoeSize}!")).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("content[0].text"))
                .body("errors[0].message", startsWith("refers to customer.shoeSize, which campaigns do not know"));
        post(spec(segment(), "Hi {customer.givenName")).statusCode(400).body("errors[0].field", equalTo("content[0].text"))
                .body("errors[0].message", startsWith("not a valid template"));
        Map<String, Object> noSegment = spec("7b4a9e4e-9a4f-4a36-9b0b-0f3b7d7d0c11", "Hi");
        post(noSegment).statusCode(400).body("errors[0].field", equalTo("segmentId"));
        Map<String, Object> noTriggerType = spec(segment(), "Hi");
        noTriggerType.put("trigger", Map.of("type", "interaction"));
        post(noTriggerType).statusCode(400).body("errors[0].field", equalTo("trigger.interactionType"));
        assertEquals(before, ServiceDatabase.count("SELECT count(*) FROM campaign"));
    }

    private static ValidatableResponse post(Map<String, Object> spec) {
        return given().contentType("application/json").body(spec).post("/api/v1/campaigns").then();
    }

    private static String segment() {
        return given().contentType("application/json").body(Map.of("name", "buyers", "rule", Map.of("orders", Map.of("atLeast", 1))))
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> spec(String segmentId, String text) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("name", "Thank you");
        spec.put("category", "service");
        spec.put("segmentId", segmentId);
        spec.put("trigger", Map.of("type", "interaction", "interactionType", "purchase"));
        spec.put("delay", "PT1H");
        spec.put("priority", 5);
        spec.put("reentry", Map.of("mode", "once"));
        spec.put("channels", List.of("email"));
        spec.put("content", List.of(Map.of("channel", "email", "subject", "Thank you, {customer.givenName}", "text", text)));
        spec.put("offers", List.of(Map.of("id", "next-10", "maxRedemptions", 100)));
        spec.put("variants", List.of(Map.of("name", "A", "weight", 50), Map.of("name", "B", "weight", 50)));
        spec.put("holdoutPercent", 10);
        return spec;
    }
}
