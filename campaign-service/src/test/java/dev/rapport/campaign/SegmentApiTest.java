package dev.rapport.campaign;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.LifeFacts;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "campaign"))
class SegmentApiTest {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void previewsAYoungChildrenSegmentWithoutTheMotherOfAFifteenYearOld() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
        UUID teenMother = customer(marker, List.of(2011));
        UUID toddlerMother = customer(marker, List.of(2011, 2025));
        UUID childless = customer(marker, null);
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id IN (?, ?, ?)",
                teenMother, toddlerMother, childless), n -> n == 3);
        String id = given().contentType("application/json").body(Map.of("name", "young children " + marker,
                        "rule", Map.of("all", List.of(Map.of("field", "traits.marker", "op", "eq", "value", marker),
                                Map.of("any", List.of(Map.of("childBorn", Map.of("from", 2024)), Map.of("childAged", Map.of("max", 5))))))))
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");

        JsonPath preview = given().post("/api/v1/segments/" + id + "/preview").then().statusCode(200).extract().jsonPath();

        assertEquals(1, preview.getLong("count"));
        assertEquals(List.of(toddlerMother.toString()), preview.getList("sample"));
    }

    @Test
    void countsBuyersOfACategoryFromInteractionEvents() throws Exception {
        String marker = "p" + UUID.randomUUID().toString().substring(0, 8);
        UUID gardener = customer(marker, null);
        UUID other = customer(marker, null);
        purchase(gardener, "garden");
        purchase(other, "kitchen");
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM customer_purchase WHERE customer_id IN (?, ?)", gardener, other),
                n -> n == 2);
        String id = given().contentType("application/json").body(Map.of("name", "gardeners " + marker,
                        "rule", Map.of("all", List.of(Map.of("field", "traits.marker", "op", "eq", "value", marker),
                                Map.of("purchased", Map.of("category", "garden", "withinDays", 30)), Map.of("orders", Map.of("atLeast", 1))))))
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");

        JsonPath preview = given().post("/api/v1/segments/" + id + "/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(gardener.toString()), preview.getList("sample"));
    }

    @Test
    void rejectsAnInvalidRuleWithThePathOfTheBadNodeAndStoresNothing() {
        long before = ServiceDatabase.count("SELECT count(*) FROM segment");
        given().contentType("application/json").body(Map.of("name", "broken",
                        "rule", Map.of("all", List.of(Map.of("orders", Map.of("atLeast", 1)), Map.of("any", List.of(Map.of("field", "value.tier", "op", "like", "value", "x")))))))
                .post("/api/v1/segments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("rule.all[1].any[0].op"));
        given().contentType("application/json").body(Map.of("rule", Map.of("orders", Map.of("atLeast", 1))))
                .post("/api/v1/segments").then().statusCode(400).body("errors[0].field", equalTo("name"));
        assertEquals(before, ServiceDatabase.count("SELECT count(*) FROM segment"));
        given().get("/api/v1/segments/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void replacesListsAndDeletesSegments() {
        String id = given().contentType("application/json").body(Map.of("name", "loyal", "rule", Map.of("orders", Map.of("atLeast", 5))))
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
        given().contentType("application/json").body(Map.of("name", "loyal customers", "rule", Map.of("orders", Map.of("atLeast", 6))))
                .put("/api/v1/segments/" + id).then().statusCode(200).body("rule.orders.atLeast", equalTo(6));
        assertTrue(given().get("/api/v1/segments").then().statusCode(200).extract().jsonPath().getList("id").contains(id));
        given().delete("/api/v1/segments/" + id).then().statusCode(204);
        given().get("/api/v1/segments/" + id).then().statusCode(404);
    }

    private static UUID customer(String marker, List<Integer> children) {
        UUID id = UUID.randomUUID();
        ProfileChanged snapshot = new ProfileChanged(id, 1, null, null, "UTC", null, CODEC.mapper().createObjectNode().put("marker", marker),
                children == null ? null : new LifeFacts(children), List.of(), List.of(), List.of(), null, null, Instant.now());
        ServiceTopics.send(Topics.PROFILE_EVENTS, id.toString(),
                CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, id, snapshot, CODEC.mapper())));
        return id;
    }

    private static void purchase(UUID customer, String category) {
        InteractionRecorded purchase = new InteractionRecorded(UUID.randomUUID(), "pos-" + UUID.randomUUID(), customer, null, Channel.STORE,
                Direction.INBOUND, "purchase", Instant.now().minusSeconds(3600), Instant.now(), null, null, null, new BigDecimal("30"), "EUR",
                CODEC.mapper().createObjectNode().set("items", CODEC.mapper().createArrayNode().add(CODEC.mapper().createObjectNode()
                        .put("sku", "x").put("category", category).put("quantity", 1))));
        ServiceTopics.send(Topics.INTERACTION_EVENTS, customer.toString(),
                CODEC.encode(CloudEvent.of("/rapport/interaction-service", EventTypes.INTERACTION_RECORDED, customer, purchase, CODEC.mapper())));
    }
}
