package dev.rapport.infra.testing;

import dev.rapport.infra.AccessTokens;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every Rapport service offers the platform, checked against a service booted on the real
 * embedded PostgreSQL and Kafka. A service's test extends this and adds {@code @QuarkusTest} and
 * the {@link dev.rapport.infra.RapportTestResource}. The platform's endpoints (health, metrics,
 * OpenAPI) answer without a token; every API operation admits exactly the roles its OpenAPI
 * document names, checked with real tokens verified by the service.
 */
public abstract class ServiceFoundationChecks {

    /** Quarkus' built-in checks: the reactive pool really queries the database, the admin client really reaches the broker. */
    public static final String DATABASE_CHECK = "Reactive PostgreSQL connections health check";
    public static final String KAFKA_CHECK = "Kafka connection health check";

    @Test
    void reportsReadyWithTheDatabaseAndKafkaChecksUp() {
        Response ready = given().header(BearerTokens.ANONYMOUS, "yes").when().get("/q/health/ready");

        assertEquals(200, ready.statusCode(), ready.asString());
        assertEquals("UP", ready.jsonPath().getString("status"));
        List<Map<String, Object>> checks = ready.jsonPath().getList("checks");
        assertEquals("UP", statusOf(checks, DATABASE_CHECK), ready.asString());
        assertEquals("UP", statusOf(checks, KAFKA_CHECK), ready.asString());
    }

    @Test
    void reportsLiveAndStarted() {
        assertEquals("UP", given().header(BearerTokens.ANONYMOUS, "yes").when().get("/q/health/live").then().statusCode(200).extract().jsonPath().getString("status"));
        assertEquals("UP", given().header(BearerTokens.ANONYMOUS, "yes").when().get("/q/health/started").then().statusCode(200).extract().jsonPath().getString("status"));
    }

    @Test
    void servesItsOpenApiDocumentAndSwaggerUi() {
        String openapi = given().header(BearerTokens.ANONYMOUS, "yes").accept("application/json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        assertTrue(openapi.contains("\"openapi\" : \"3") || openapi.contains("\"openapi\":\"3"), openapi);
        given().header(BearerTokens.ANONYMOUS, "yes").when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void exposesPrometheusMetricsIncludingTheOutboxRelay() {
        String metrics = given().header(BearerTokens.ANONYMOUS, "yes").when().get("/q/metrics").then().statusCode(200).extract().asString();
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

    /** Operations meant to be public, as "METHOD /path" in the OpenAPI document; none unless a service says so. */
    protected Set<String> publicOperations() {
        return Set.of();
    }

    @Test
    void admitsToEveryApiOperationExactlyTheRolesItDocuments() {
        Map<String, Operation> operations = documentedOperations();
        assertFalse(operations.isEmpty(), "no operation in the OpenAPI document");
        int checked = 0;
        for (Map.Entry<String, Operation> operation : operations.entrySet()) {
            String[] methodAndPath = operation.getKey().split(" ", 2);
            String url = concrete(methodAndPath[1]);
            String contentType = operation.getValue().contentType();
            if (publicOperations().contains(operation.getKey())) {
                int status = call(methodAndPath[0], url, contentType, null).statusCode();
                assertTrue(status != 401 && status != 403 && status < 500, operation.getKey() + " is public but answered " + status);
                continue;
            }
            List<String> roles = operation.getValue().roles();
            assertTrue(roles.contains("admin"), operation.getKey() + " documents no roles or not admin: " + roles);
            Response anonymous = call(methodAndPath[0], url, contentType, null);
            assertEquals(401, anonymous.statusCode(), operation.getKey() + " without a token: " + anonymous.asString());
            assertEquals("application/problem+json", anonymous.contentType().split(";")[0], operation.getKey());
            assertEquals("Bearer", anonymous.header("WWW-Authenticate"), operation.getKey());
            for (String role : AccessTokens.ROLES) {
                Response answer = call(methodAndPath[0], url, contentType, BearerTokens.as(role));
                if (roles.contains(role)) {
                    assertTrue(answer.statusCode() != 401 && answer.statusCode() != 403 && answer.statusCode() < 500,
                            operation.getKey() + " as " + role + " (admitted) answered " + answer.statusCode() + ": " + answer.asString());
                } else {
                    assertEquals(403, answer.statusCode(), operation.getKey() + " as " + role + " (not admitted): " + answer.asString());
                    assertEquals("application/problem+json", answer.contentType().split(";")[0], operation.getKey());
                }
                checked++;
            }
        }
        System.out.printf("security: %d API operations (%d public) called without a token and with each of %d roles: %d role checks, "
                + "every operation admits exactly its documented roles%n", operations.size(), publicOperations().size(),
                AccessTokens.ROLES.size(), checked);
    }

    @Test
    void refusesExpiredForgedForeignAndUnsignedTokens() {
        String operation = documentedOperations().keySet().stream()
                .filter(key -> key.startsWith("GET ") && !publicOperations().contains(key)).findFirst().orElseThrow();
        String url = concrete(operation.substring(4));
        AccessTokens tokens = AccessTokens.shared();
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("expired", tokens.sign(claims(AccessTokens.ISSUER, now - 7200, now - 3600)));
        bad.put("from another issuer", tokens.sign(claims("https://attacker.example/issuer", now, now + 3600)));
        String operator = tokens.token("operator");
        String[] parts = operator.split("\\.");
        String adminClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("\"operator\"]", "\"admin\"]").getBytes(StandardCharsets.UTF_8));
        bad.put("with its roles changed after signing", parts[0] + "." + adminClaims + "." + parts[2]);
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("unsigned (alg none)", none + "." + adminClaims + ".");
        bad.put("not a JWT", "not-a-token");
        for (Map.Entry<String, String> token : bad.entrySet()) {
            Response answer = call("GET", url, null, "Bearer " + token.getValue());
            assertEquals(401, answer.statusCode(), "a token " + token.getKey() + " on " + operation + ": " + answer.asString());
            assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        }
        Map<String, Object> noRoles = claims(AccessTokens.ISSUER, now, now + 3600);
        noRoles.remove("groups");
        assertEquals(403, call("GET", url, null, "Bearer " + tokens.sign(noRoles)).statusCode(), "a valid token without roles");
        System.out.printf("security: %s refused %d bad tokens (%s) with 401 and a valid token without roles with 403%n",
                operation, bad.size(), String.join(", ", bad.keySet()));
    }

    private static Map<String, Object> claims(String issuer, long issuedAt, long expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "someone");
        claims.put("upn", "someone@rapport.local");
        claims.put("groups", List.of("admin"));
        claims.put("iat", issuedAt);
        claims.put("exp", expiresAt);
        return claims;
    }

    /** What the OpenAPI document says of one operation: the roles of its security requirement, the type of its body. */
    private record Operation(List<String> roles, String contentType) {
    }

    /** "METHOD /path" of every operation in the service's OpenAPI document. */
    @SuppressWarnings("unchecked")
    private static Map<String, Operation> documentedOperations() {
        Map<String, Map<String, Map<String, Object>>> paths = given().header(BearerTokens.ANONYMOUS, "yes").accept("application/json")
                .get("/q/openapi").then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, Operation> operations = new TreeMap<>();
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> {
            if (!HTTP_METHODS.contains(method)) {
                return;
            }
            List<String> roles = new ArrayList<>();
            List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) operation.get("security");
            if (security != null) {
                security.forEach(requirement -> requirement.values().forEach(roles::addAll));
            }
            Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
            String contentType = body == null ? null : ((Map<String, Object>) body.get("content")).keySet().iterator().next();
            operations.put(method.toUpperCase() + " " + path, new Operation(roles, contentType));
        }));
        return operations;
    }

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");

    /** A callable URL for a templated path: unknown ids, so that admitted calls change nothing. */
    private static String concrete(String path) {
        return path.replaceAll("\\{date}", "2026-01-01").replaceAll("\\{channel}", "email").replaceAll("\\{token}", "not-a-token")
                .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    /** Without a body: admitted calls fail validation or find nothing, so no check changes stored data. */
    private static Response call(String method, String url, String contentType, String authorization) {
        var request = given().redirects().follow(false);
        if (contentType != null) {
            request = request.contentType(contentType);
        }
        request = authorization == null ? request.header(BearerTokens.ANONYMOUS, "yes") : request.header("Authorization", authorization);
        return request.when().request(method, url);
    }

    private static String statusOf(List<Map<String, Object>> checks, String name) {
        return checks.stream()
                .filter(check -> name.equals(check.get("name")))
                .map(check -> String.valueOf(check.get("status")))
                .findFirst()
                .orElse("missing");
    }
}
