package dev.rapport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.EventCodec;
import dev.rapport.infra.FreePorts;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.ServiceProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * The four packaged services as separate processes against embedded real PostgreSQL, Kafka and
 * SMTP, on free ports, with a small HTTP client for their public APIs.
 */
final class RunningSuite implements AutoCloseable {

    static final ObjectMapper JSON = EventCodec.defaultMapper();

    /** One HTTP answer: status, body as JSON (or null), headers. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final RapportInfrastructure infra;
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private RunningSuite(RapportInfrastructure infra) {
        this.infra = infra;
    }

    static RunningSuite start() {
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
        RunningSuite suite = new RunningSuite(RapportInfrastructure.start(RapportInfrastructure.Ports.free(), 4));
        try {
            List<ServiceProcess> started = new ArrayList<>();
            for (String name : List.of("profile", "interaction", "campaign", "delivery")) {
                int port = FreePorts.next();
                Map<String, String> config = new HashMap<>(suite.infra.serviceConfig(name, name.equals("delivery")));
                if (name.equals("delivery")) {
                    config.put("rapport.delivery.public-url", "http://localhost:" + port);
                }
                ServiceProcess process = ServiceProcess.start(name + "-service", root.resolve(name + "-service"), port, config,
                        List.of("-Xmx192m", "-XX:+UseSerialGC"), root.resolve(".rapport/e2e-logs"));
                suite.services.put(name, process);
                started.add(process);
            }
            for (ServiceProcess process : started) {
                process.awaitReady(Duration.ofSeconds(120));
            }
            return suite;
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    RapportInfrastructure infra() {
        return infra;
    }

    String url(String service) {
        return services.get(service).baseUrl();
    }

    Answer get(String service, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(service) + path)).GET());
    }

    Answer getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Answer post(String service, String path, Object body) {
        return send(json(HttpRequest.newBuilder(URI.create(url(service) + path)), "POST", body));
    }

    Answer postUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer put(String service, String path, Object body) {
        return send(json(HttpRequest.newBuilder(URI.create(url(service) + path)), "PUT", body));
    }

    Answer delete(String service, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(service) + path)).DELETE());
    }

    /** Counts rows in a service's database. */
    long count(String database, String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl(database), infra.postgres().username(), "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Polls until the condition holds (services are asynchronous), for at most a minute. */
    static <T> T await(String what, Callable<T> probe, Predicate<T> condition) {
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
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        infra.close();
    }
}
