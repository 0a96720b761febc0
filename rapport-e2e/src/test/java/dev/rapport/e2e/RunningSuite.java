package dev.rapport.e2e;

import dev.rapport.infra.FreePorts;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.ServiceProcess;
import dev.rapport.infra.SuiteApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four packaged services as separate processes against embedded real PostgreSQL, Kafka and
 * SMTP, on free ports.
 */
final class RunningSuite implements AutoCloseable {

    /** The services by short name, each with a database of the same name. */
    static final List<String> SERVICES = List.of("profile", "interaction", "campaign", "delivery");

    private final RapportInfrastructure infra;
    private final Map<String, ServiceProcess> services = new HashMap<>();
    /** Where each service's log stood before this run: log files are appended to, run after run. */
    private final Map<String, Long> logStarts = new HashMap<>();

    private RunningSuite(RapportInfrastructure infra) {
        this.infra = infra;
    }

    static RunningSuite start() {
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
        RunningSuite suite = new RunningSuite(RapportInfrastructure.start(RapportInfrastructure.Ports.free(), 4));
        try {
            List<ServiceProcess> started = new ArrayList<>();
            Path logDir = root.resolve(".rapport/e2e-logs");
            for (String name : SERVICES) {
                Path log = logDir.resolve(name + "-service.log");
                suite.logStarts.put(name, Files.exists(log) ? Files.size(log) : 0L);
                int port = FreePorts.next();
                Map<String, String> config = new HashMap<>(suite.infra.serviceConfig(name, name.equals("delivery")));
                if (name.equals("delivery")) {
                    config.put("rapport.delivery.public-url", "http://localhost:" + port);
                }
                ServiceProcess process = ServiceProcess.start(name + "-service", root.resolve(name + "-service"), port, config,
                        ServiceProcess.localJvmOptions("192m"), logDir);
                suite.services.put(name, process);
                started.add(process);
            }
            for (ServiceProcess process : started) {
                process.awaitReady(Duration.ofSeconds(120));
            }
            return suite;
        } catch (IOException e) {
            suite.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    RapportInfrastructure infra() {
        return infra;
    }

    /** The services' public APIs. */
    SuiteApi api() {
        Map<String, String> urls = new HashMap<>();
        services.forEach((name, process) -> urls.put(name, process.baseUrl()));
        return new SuiteApi(urls);
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

    /** A connection to a service's own database. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(infra.postgres().jdbcUrl(database), infra.postgres().username(), "");
    }

    /** What the service wrote to its log (standard output and error) since this suite started it. */
    String logOf(String service) {
        Path log = services.get(service).log();
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logStarts.getOrDefault(service, 0L));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        infra.close();
    }
}
