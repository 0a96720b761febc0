package dev.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.contracts.Topics;
import dev.rapport.infra.FreePorts;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.ServiceProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained batch-ingest throughput of the packaged interaction-service on the embedded real
 * PostgreSQL and Kafka: batches of 1,000 interactions are posted by a few concurrent clients for a
 * fixed time; the clock stops when every accepted interaction is stored and its event is on
 * {@code rapport.interaction.events}. Prints a table and writes {@code bench-results/ingest.json}.
 *
 * <p>Options (system properties): {@code bench.seconds} (20), {@code bench.clients} (4),
 * {@code bench.batch} (1000), {@code rapport.local.root} (.).
 */
public final class IngestBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    // the channel apps' role, as the services check it; the token outlives any run
    private static final String AUTHORIZATION = "Bearer " + dev.rapport.infra.AccessTokens.shared().token("channel-app", java.time.Duration.ofHours(12));

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int seconds = Integer.getInteger("bench.seconds", 20);
        int clients = Integer.getInteger("bench.clients", 4);
        int batchSize = Integer.getInteger("bench.batch", 1000);
        Path root = Path.of(System.getProperty("rapport.local.root", ".")).toAbsolutePath().normalize();

        try (RapportInfrastructure infra = RapportInfrastructure.start(RapportInfrastructure.Ports.free(), 4)) {
            int port = FreePorts.next();
            ServiceProcess service = ServiceProcess.start("interaction-service", root.resolve("interaction-service"), port,
                    infra.serviceConfig("interaction", false), ServiceOptions.of("interaction", ServiceProcess.localJvmOptions("512m")), root.resolve(".rapport/bench-logs"));
            try {
                service.awaitReady(Duration.ofSeconds(90));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI batchUri = URI.create(service.baseUrl() + "/api/v1/interactions/batch");

                say("Warming up ...");
                run(http, batchUri, clients, batchSize, Duration.ofSeconds(5));
                awaitDrained(infra, countRows(infra), Duration.ofSeconds(120));

                long rowsBefore = countRows(infra);
                long offsetsBefore = endOffsets(infra);
                say("Measuring for %d s: %d clients posting batches of %d ...", seconds, clients, batchSize);
                long started = System.nanoTime();
                Run run = run(http, batchUri, clients, batchSize, Duration.ofSeconds(seconds));
                long sentNanos = System.nanoTime() - started;
                awaitDrained(infra, rowsBefore + run.accepted(), Duration.ofSeconds(180));
                long totalNanos = System.nanoTime() - started;
                long published = endOffsets(infra) - offsetsBefore;

                double acceptedPerSecond = run.accepted() / (sentNanos / 1e9);
                double endToEndPerSecond = run.accepted() / (totalNanos / 1e9);
                say("");
                say("  %-52s %12s", "batch ingest (interaction-service, HTTP, 1 machine)", "");
                say("  %-52s %,12d", "interactions accepted", run.accepted());
                say("  %-52s %,12d", "events published on " + Topics.INTERACTION_EVENTS, published);
                say("  %-52s %,12.0f", "accepted per second (HTTP answered)", acceptedPerSecond);
                say("  %-52s %,12.0f", "persisted and published per second (end to end)", endToEndPerSecond);
                say("  %-52s %,12.1f", "batch latency p50 (ms)", run.percentile(50));
                say("  %-52s %,12.1f", "batch latency p99 (ms)", run.percentile(99));
                say("  %-52s %,12d", "target (SPEC section 8), interactions/s", 30_000);
                say("");
                int singleClients = Integer.getInteger("bench.single-clients", 16);
                say("Measuring single-interaction requests for %d s from %d clients ...", seconds, singleClients);
                URI singleUri = URI.create(service.baseUrl() + "/api/v1/interactions");
                long singleRowsBefore = countRows(infra);
                long singleOffsetsBefore = endOffsets(infra);
                long singleStarted = System.nanoTime();
                Run single = runSingle(http, singleUri, singleClients, Duration.ofSeconds(seconds));
                double singlePerSecond = single.accepted() / (double) seconds;
                awaitDrained(infra, singleRowsBefore + single.accepted(), Duration.ofSeconds(180));
                double singleEndToEnd = single.accepted() / ((System.nanoTime() - singleStarted) / 1e9);
                long singlePublished = endOffsets(infra) - singleOffsetsBefore;
                say("  %-52s %,12.0f", "single-interaction requests per second", singlePerSecond);
                say("  %-52s %,12.0f", "persisted and published per second (end to end)", singleEndToEnd);
                say("  %-52s %,12.1f", "single request latency p50 (ms)", single.percentile(50));
                say("  %-52s %,12.1f", "single request latency p99 (ms)", single.percentile(99));
                say("  %-52s %,12d", "target (SPEC section 8), requests/s", 8_000);
                say("");
                say("Measuring the physical limits underneath, same servers ...");
                double postgresLimit = PhysicalLimits.postgres(infra, Duration.ofSeconds(5));
                double kafkaLimit = PhysicalLimits.kafka(infra, Duration.ofSeconds(5));
                say("  %-52s %,12.0f", "PostgreSQL rows/s, 100-row INSERT transactions", postgresLimit);
                say("  %-52s %,12.0f", "Kafka 500-byte records/s, one producer, one partition", kafkaLimit);
                say("  %-52s %11.0f %%", "ingest end to end / PostgreSQL limit", 100 * endToEndPerSecond / postgresLimit);
                say("  %-52s %11.0f %%", "ingest end to end / Kafka limit", 100 * endToEndPerSecond / kafkaLimit);

                Map<String, Object> result = new LinkedHashMap<>();
                result.put("benchmark", "batch-ingest");
                result.put("at", Instant.now().toString());
                result.put("cores", Runtime.getRuntime().availableProcessors());
                result.put("clients", clients);
                result.put("batchSize", batchSize);
                result.put("seconds", seconds);
                result.put("accepted", run.accepted());
                result.put("published", published);
                result.put("acceptedPerSecond", Math.round(acceptedPerSecond));
                result.put("persistedAndPublishedPerSecond", Math.round(endToEndPerSecond));
                result.put("batchLatencyP50Millis", run.percentile(50));
                result.put("batchLatencyP99Millis", run.percentile(99));
                result.put("singleClients", singleClients);
                result.put("singleRequestsPerSecond", Math.round(singlePerSecond));
                result.put("singlePersistedAndPublishedPerSecond", Math.round(singleEndToEnd));
                result.put("singlePublished", singlePublished);
                result.put("singleLatencyP50Millis", single.percentile(50));
                result.put("singleLatencyP99Millis", single.percentile(99));
                result.put("postgresRowsPerSecondLimit", Math.round(postgresLimit));
                result.put("kafkaRecordsPerSecondLimit", Math.round(kafkaLimit));
                result.put("ratioToPostgresLimit", endToEndPerSecond / postgresLimit);
                result.put("ratioToKafkaLimit", endToEndPerSecond / kafkaLimit);
                Path out = root.resolve("bench-results/ingest.json");
                Files.createDirectories(out.getParent());
                Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
                say("");
                say("Written to %s", out);
                if (published < run.accepted() || singlePublished < single.accepted()) {
                    throw new IllegalStateException("only " + published + " of " + run.accepted() + " batch and " + singlePublished + " of "
                            + single.accepted() + " single events were published");
                }
            } finally {
                service.close();
            }
        }
    }

    record Run(long accepted, List<Double> latenciesMillis) {
        double percentile(int p) {
            if (latenciesMillis.isEmpty()) {
                return 0;
            }
            List<Double> sorted = new ArrayList<>(latenciesMillis);
            sorted.sort(Double::compare);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    private static Run run(HttpClient http, URI uri, int clients, int batchSize, Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong accepted = new AtomicLong();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    String body = batch(batchSize);
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json").header("Authorization", AUTHORIZATION)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - sent) / 1e6);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("batch answered " + response.statusCode() + ": " + response.body());
                    }
                    accepted.addAndGet(JSON.readTree(response.body()).get("accepted").asLong());
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return new Run(accepted.get(), latencies);
    }

    /** Closed loop: each client posts one page view at a time until the time is up. */
    private static Run runSingle(HttpClient http, URI uri, int clients, Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong accepted = new AtomicLong();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    ObjectNode item = JSON.createObjectNode();
                    item.put("clientEventId", UUID.randomUUID().toString());
                    item.put("customerId", new UUID(0, (long) (Math.random() * 100_000)).toString());
                    item.put("channel", "web");
                    item.put("type", "page-view");
                    item.put("occurredAt", Instant.now().minusSeconds(1).toString());
                    item.putObject("details").put("url", "https://shop.example.com/products/1");
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Authorization", AUTHORIZATION)
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(item))).build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - sent) / 1e6);
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("interaction answered " + response.statusCode() + ": " + response.body());
                    }
                    accepted.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return new Run(accepted.get(), latencies);
    }

    /** Interaction-shaped page views and purchases spread over many customers. */
    private static String batch(int size) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("items");
        Instant now = Instant.now().minusSeconds(1);
        for (int i = 0; i < size; i++) {
            ObjectNode item = items.addObject();
            item.put("clientEventId", UUID.randomUUID().toString());
            item.put("customerId", new UUID(0, (long) (Math.random() * 100_000)).toString());
            item.put("channel", "web");
            item.put("occurredAt", now.toString());
            if (i % 10 == 0) {
                item.put("type", "purchase");
                item.put("amount", "49.90");
                item.put("currency", "EUR");
                item.putObject("details").put("orderId", "o-" + i).putArray("items").addObject()
                        .put("sku", "sku-" + (i % 500)).put("category", "garden").put("quantity", 1).put("price", 49.9);
            } else {
                item.put("type", "page-view");
                item.putObject("details").put("url", "https://shop.example.com/products/" + (i % 500));
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static void awaitDrained(RapportInfrastructure infra, long rows, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (countRows(infra) >= rows && count(infra, "SELECT count(*) FROM rapport_outbox") == 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("not drained within " + timeout);
    }

    private static long countRows(RapportInfrastructure infra) throws Exception {
        return count(infra, "SELECT count(*) FROM interaction");
    }

    private static long count(RapportInfrastructure infra, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl("interaction"), infra.postgres().username(), "");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long endOffsets(RapportInfrastructure infra) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INTERACTION_EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }
}
