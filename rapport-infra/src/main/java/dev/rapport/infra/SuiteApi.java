package dev.rapport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.EventCodec;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * A small JSON client for the public APIs of running services, by service name ("profile",
 * "interaction", ...). It calls as {@code admin} unless told to call {@link #as} another role
 * or {@link #anonymous()}ly; the tracking links in messages need no token.
 */
public final class SuiteApi {

    public static final ObjectMapper JSON = EventCodec.defaultMapper();

    /** One HTTP answer: status, body as JSON (or null when not JSON), headers. */
    public record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final Map<String, String> baseUrls;
    private final String token;
    // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** @param baseUrls service name to base URL, e.g. "profile" to "http://localhost:8081" */
    public SuiteApi(Map<String, String> baseUrls) {
        this(baseUrls, AccessTokens.shared().token("admin", Duration.ofHours(12)));
    }

    private SuiteApi(Map<String, String> baseUrls, String token) {
        this.baseUrls = Map.copyOf(baseUrls);
        this.token = token;
    }

    /** The same services, called with a token of this role. */
    public SuiteApi as(String role) {
        return new SuiteApi(baseUrls, AccessTokens.shared().token(role, Duration.ofHours(12)));
    }

    /** The same services, called without any token. */
    public SuiteApi anonymous() {
        return new SuiteApi(baseUrls, null);
    }

    public String url(String service) {
        return baseUrls.get(service);
    }

    public Answer get(String service, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(service) + path)).GET());
    }

    public Answer getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Answer post(String service, String path, Object body) {
        return send(json(HttpRequest.newBuilder(URI.create(url(service) + path)), "POST", body));
    }

    /** A POST without a body, e.g. a one-click unsubscribe. */
    public Answer postUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Answer put(String service, String path, Object body) {
        return send(json(HttpRequest.newBuilder(URI.create(url(service) + path)), "PUT", body));
    }

    /** A JSON merge patch (RFC 7396). */
    public Answer patch(String service, String path, Object body) {
        return send(json(HttpRequest.newBuilder(URI.create(url(service) + path)), "PATCH", body)
                .setHeader("Content-Type", "application/merge-patch+json"));
    }

    /**
     * What a channel app does when a visitor who browsed anonymously signs up: profile-service has made a prospect of
     * the visitor's cookie, so the app finds that profile by the cookie, gives it the name and other fields from the
     * sign-up and attaches the identities given there. The anonymous history stays the customer's. Returns the id.
     */
    public String signUp(String cookie, Map<String, Object> fields, List<Map<String, String>> identities) {
        String lookup = "/api/v1/profiles?identity=" + URLEncoder.encode("cookie-id:" + cookie, StandardCharsets.UTF_8);
        Answer prospect = await("profile-service makes a prospect of cookie " + cookie, () -> get("profile", lookup),
                answer -> answer.status() == 200);
        String id = prospect.body().path("id").asText();
        expect(patch("profile", "/api/v1/profiles/" + id, fields), 200);
        for (Map<String, String> identity : identities) {
            expect(post("profile", "/api/v1/profiles/" + id + "/identities", identity), 201);
        }
        return id;
    }

    private static void expect(Answer answer, int status) {
        if (answer.status() != status) {
            throw new AssertionError("expected " + status + ", was " + answer.status() + ": " + answer.body());
        }
    }

    public Answer delete(String service, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(service) + path)).DELETE());
    }

    /** Polls until the condition holds (the services are asynchronous), for at most a minute. */
    public static <T> T await(String what, Callable<T> probe, Predicate<T> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.call();
                if (condition.test(last)) {
                    return last;
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException(what, e);
            }
        }
        throw new AssertionError("not within 60 s: " + what + "; last seen: " + last);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder builder, String method, Object body) {
        try {
            return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Answer send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = null;
            if (body != null && !body.isBlank() && response.headers().firstValue("Content-Type").orElse("").contains("json")) {
                json = JSON.readTree(body);
            }
            return new Answer(response.statusCode(), json, response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
