package dev.rapport.profile;

import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.rapport.profile.ProfileTesting.createWithEmail;
import static dev.rapport.profile.ProfileTesting.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** PostgreSQL restarted under the service: readiness goes DOWN and back UP, requests fail cleanly meanwhile. */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class DatabaseOutageTest {

    @Test
    void answersUnavailableWhileTheDatabaseIsDownAndRecoversWhenItIsBack() {
        java.util.UUID before = createWithEmail(uniqueEmail());
        RapportInfrastructure.control("postgres.stop");
        try {
            Response ready = Eventually.await(Duration.ofSeconds(20), () -> given().get("/q/health/ready"), r -> r.statusCode() == 503);
            assertEquals(503, ready.statusCode());
            assertEquals("DOWN", ready.jsonPath().getString("status"));

            Response refused = given().contentType("application/json").body(Map.of("timeZone", "UTC")).post("/api/v1/profiles");
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("application/problem+json", refused.contentType().split(";")[0]);
            assertEquals("https://rapport.dev/problems/unavailable", refused.jsonPath().getString("type"));
        } finally {
            RapportInfrastructure.control("postgres.start");
        }

        Response ready = Eventually.await(Duration.ofSeconds(30), () -> given().get("/q/health/ready"), r -> r.statusCode() == 200);
        assertEquals("UP", ready.jsonPath().getString("status"));
        Eventually.await(Duration.ofSeconds(30), () -> given().get("/api/v1/profiles/" + before).statusCode(), status -> status == 200);
        given().get("/api/v1/profiles/" + before).then().statusCode(200);
        createWithEmail(uniqueEmail());
        System.out.println("database outage: PostgreSQL stopped and restarted; readiness went DOWN (503) and back UP, a create while "
                + "it was down got a 503 problem, the profile stored before is readable and a new one is created after");
    }
}
