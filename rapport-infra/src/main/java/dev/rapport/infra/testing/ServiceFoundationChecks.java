package dev.rapport.infra.testing;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every Rapport service offers the platform, checked against a service booted on the real
 * embedded PostgreSQL and Kafka. A service's test extends this and adds {@code @QuarkusTest} and
 * the {@link dev.rapport.infra.RapportTestResource}.
 */
public abstract class ServiceFoundationChecks {

    /** Quarkus' built-in checks: the reactive pool really queries the database, the admin client really reaches the broker. */
    public static final String DATABASE_CHECK = "Reactive PostgreSQL connections health check";
    public static final String KAFKA_CHECK = "Kafka connection health check";

    @Test
    void reportsReadyWithTheDatabaseAndKafkaChecksUp() {
        Response ready = given().when().get("/q/health/ready");

        assertEquals(200, ready.statusCode(), ready.asString());
        assertEquals("UP", ready.jsonPath().getString("status"));
        List<Map<String, Object>> checks = ready.jsonPath().getList("checks");
        assertEquals("UP", statusOf(checks, DATABASE_CHECK), ready.asString());
        assertEquals("UP", statusOf(checks, KAFKA_CHECK), ready.asString());
    }

    @Test
    void reportsLiveAndStarted() {
        assertEquals("UP", given().when().get("/q/health/live").then().statusCode(200).extract().jsonPath().getString("status"));
        assertEquals("UP", given().when().get("/q/health/started").then().statusCode(200).extract().jsonPath().getString("status"));
    }

    @Test
    void servesItsOpenApiDocumentAndSwaggerUi() {
        String openapi = given().accept("application/json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        assertTrue(openapi.contains("\"openapi\" : \"3") || openapi.contains("\"openapi\":\"3"), openapi);
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void exposesPrometheusMetricsIncludingTheOutboxRelay() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rapport_outbox_published_total"), "outbox relay counter missing");
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics missing");
    }

    @Test
    void answersAnUnknownPathWithAProblemDocument() {
        Response missing = given().when().get("/api/v1/no-such-thing");

        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.contentType().split(";")[0]);
        assertEquals(404, missing.jsonPath().getInt("status"));
        assertEquals("/api/v1/no-such-thing", missing.jsonPath().getString("instance"));
    }

    private static String statusOf(List<Map<String, Object>> checks, String name) {
        return checks.stream()
                .filter(check -> name.equals(check.get("name")))
                .map(check -> String.valueOf(check.get("status")))
                .findFirst()
                .orElse("missing");
    }
}
