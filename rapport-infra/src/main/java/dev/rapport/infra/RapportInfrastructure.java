package dev.rapport.infra;

import dev.rapport.contracts.Topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * PostgreSQL, Kafka and SMTP together, as every service needs them: one database per service,
 * every Rapport topic created up front.
 */
public final class RapportInfrastructure implements AutoCloseable {

    /** Ports to listen on; 0 picks a free one. */
    public record Ports(int postgres, int kafka, int smtp) {
        public static Ports free() {
            return new Ports(0, 0, 0);
        }
    }

    private static RapportInfrastructure shared;

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafka kafka;
    private final EmbeddedSmtp smtp;

    private RapportInfrastructure(EmbeddedPostgres postgres, EmbeddedKafka kafka, EmbeddedSmtp smtp) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.smtp = smtp;
    }

    /** Starts the three servers in parallel and creates every Rapport topic. */
    public static RapportInfrastructure start(Ports ports, int partitions) {
        CompletableFuture<EmbeddedPostgres> postgres = CompletableFuture.supplyAsync(() -> EmbeddedPostgres.start(ports.postgres()));
        CompletableFuture<EmbeddedSmtp> smtp = CompletableFuture.supplyAsync(() -> EmbeddedSmtp.start(ports.smtp()));
        EmbeddedKafka kafka = null;
        try {
            kafka = EmbeddedKafka.start(ports.kafka(), partitions);
            kafka.createTopics(Topics.all(), partitions);
            return new RapportInfrastructure(postgres.join(), kafka, smtp.join());
        } catch (RuntimeException e) {
            postgres.thenAccept(EmbeddedPostgres::close);
            smtp.thenAccept(EmbeddedSmtp::close);
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    /**
     * The instance the tests of one JVM share, on free ports, stopped when the JVM exits.
     * Its addresses are also published as system properties ({@code rapport.infra.*}) so that
     * code loaded by another class loader finds the same servers.
     */
    public static synchronized RapportInfrastructure shared() {
        if (shared == null) {
            RapportInfrastructure started = start(Ports.free(), 4);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "rapport-infra-stop"));
            System.setProperty("rapport.infra.postgres.port", String.valueOf(started.postgres.port()));
            System.setProperty("rapport.infra.kafka.bootstrap-servers", started.kafka.bootstrapServers());
            System.setProperty("rapport.infra.smtp.port", String.valueOf(started.smtp.port()));
            InfrastructureControl.register(started);
            shared = started;
        }
        return shared;
    }

    /**
     * Stops or starts one server of the shared instance, e.g. {@code control("kafka.stop")}, from
     * whichever class loader the caller lives in. Fault tests use it.
     */
    public static void control(String action) {
        InfrastructureControl.invoke(action);
    }

    /** Every mail the shared SMTP server accepted so far, as raw MIME text; from any class loader. */
    public static java.util.List<String> receivedMail() {
        return java.util.List.of(InfrastructureControl.mail());
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedSmtp smtp() {
        return smtp;
    }

    /**
     * The configuration a Rapport service needs to run against these servers with its own
     * database (created here if missing); with {@code withMailer}, also the SMTP server.
     */
    public Map<String, String> serviceConfig(String database, boolean withMailer) {
        postgres.createDatabase(database);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.putAll(AccessTokens.shared().serviceConfig());
        if (!withMailer) {
            return config;
        }
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(smtp.port()));
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.start-tls", "DISABLED");
        return config;
    }

    @Override
    public void close() {
        smtp.close();
        kafka.close();
        postgres.close();
    }
}
