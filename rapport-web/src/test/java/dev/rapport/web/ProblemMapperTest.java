package dev.rapport.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ProblemMapperTest {

    private static final String VALID_LINE = "{\"sku\":\"A-1\",\"quantity\":2}";

    @Test
    void acceptsAValidBody() {
        post("{\"name\":\"Joe\",\"email\":\"joe@example.com\",\"colour\":\"red\",\"lines\":[" + VALID_LINE + "]}")
                .statusCode(200).body("name", equalTo("Joe")).body("colour", equalTo("RED"));
    }

    @Test
    void namesEveryInvalidFieldByItsJsonPath() {
        problem(post("{\"name\":\" \",\"email\":\"not-an-email\",\"lines\":[" + VALID_LINE + ",{\"sku\":\"B\",\"quantity\":0}]}"),
                400, "validation-failed")
                .body("detail", equalTo("3 fields are not valid"))
                .body("errors", hasSize(3))
                .body("errors[0].field", equalTo("email"))
                .body("errors[1].field", equalTo("lines[1].quantity"))
                .body("errors[1].message", equalTo("must be greater than 0"))
                .body("errors[2].field", equalTo("name"))
                .body("errors[2].message", equalTo("must not be blank"));
    }

    @Test
    void rejectsAnUnknownField() {
        problem(post("{\"name\":\"Joe\",\"nickname\":\"J\",\"lines\":[" + VALID_LINE + "]}"), 400, "validation-failed")
                .body("detail", equalTo("nickname: unknown field"))
                .body("errors[0].field", equalTo("nickname"));
    }

    @Test
    void rejectsAWrongTypeNamingTheNestedField() {
        problem(post("{\"name\":\"Joe\",\"lines\":[{\"sku\":\"A\",\"quantity\":\"many\"}]}"), 400, "validation-failed")
                .body("errors[0].field", equalTo("lines[0].quantity"))
                .body("errors[0].message", equalTo("expected an integer"));
    }

    @Test
    void rejectsAnUnknownEnumValueListingTheAcceptedOnes() {
        problem(post("{\"name\":\"Joe\",\"colour\":\"blue\",\"lines\":[" + VALID_LINE + "]}"), 400, "validation-failed")
                .body("errors[0].field", equalTo("colour"))
                .body("errors[0].message", equalTo("'blue' is not one of red, green"));
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        problem(post("{\"name\": oops"), 400, "malformed-body")
                .body("detail", startsWith("request body is not valid JSON at line 1"));
    }

    @Test
    void rejectsAMissingBody() {
        problem(post(""), 400, "validation-failed")
                .body("errors", hasSize(1));
    }

    @Test
    void namesAnInvalidQueryParameter() {
        problem(given().queryParam("limit", 500).get("/orders").then(), 400, "validation-failed")
                .body("errors[0].field", equalTo("limit"))
                .body("errors[0].message", equalTo("must be less than or equal to 100"));
    }

    @Test
    void answersAMissingResourceWithNotFound() {
        UUID id = UUID.randomUUID();
        problem(given().get("/orders/" + id).then(), 404, "not-found")
                .body("detail", equalTo("order " + id + " does not exist"))
                .body("errors", nullValue());
    }

    @Test
    void answersAnUnknownPathWithAProblem() {
        problem(given().get("/nowhere").then(), 404, "not-found")
                .body("instance", equalTo("/nowhere"));
    }

    @Test
    void answersAnUnsupportedContentType() {
        problem(given().contentType("text/plain").body("hi").post("/orders").then(), 415, "unsupported-media-type");
    }

    @Test
    void answersABodyOverTheSizeLimitWithAProblem() {
        problem(post("{\"name\":\"" + "x".repeat(8 * 1024) + "\"}"), 413, "payload-too-large")
                .body("instance", equalTo("/orders"));
    }

    @Test
    void hidesInternalsOfAnUnexpectedFailure() {
        problem(given().post("/orders/explode").then(), 500, "internal-error")
                .body("detail", startsWith("internal error, reference "))
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("secret")));
    }

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).post("/orders").then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://rapport.dev/problems/" + type))
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)));
    }
}
