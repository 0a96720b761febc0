package dev.rapport.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.infra.FreePorts;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.ServiceProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * delivery-service killed (SIGKILL) while it sends, then restarted: every message ends sent or
 * failed, and no customer ever gets a mail twice.
 */
class DeliveryRestartIT {

    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper JSON = CODEC.mapper();
    private static final int CUSTOMERS = 40;

    @Test
    void aServiceKilledMidStreamResumesAfterRestartWithoutSendingAnythingTwice() throws Exception {
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
        try (RapportInfrastructure infra = RapportInfrastructure.start(RapportInfrastructure.Ports.free(), 4)) {
            Map<String, String> config = new HashMap<>(infra.serviceConfig("delivery", true));
            config.put("rapport.delivery.abandoned-after", "PT3S");
            config.put("rapport.delivery.retry-backoff", "PT0.5S");
            int port = FreePorts.next();
            Path logs = root.resolve(".rapport/e2e-logs");
            ServiceProcess service = ServiceProcess.start("delivery-service", root.resolve("delivery-service"), port, config,
                    List.of("-Xmx256m"), logs);
            List<UUID> customers = new ArrayList<>();
            try {
                service.awaitReady(Duration.ofSeconds(90));
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                    for (int i = 0; i < CUSTOMERS; i++) {
                        UUID id = UUID.randomUUID();
                        customers.add(id);
                        String email = "restart-" + i + "@example.com";
                        ProfileChanged snapshot = new ProfileChanged(id, 1, null, null, "UTC", null, JSON.createObjectNode(), null,
                                List.of(new Identity(IdentityType.EMAIL, email)), List.of(new ContactPoint(Channel.EMAIL, email, true)),
                                List.of(new ConsentState(Channel.EMAIL, ConsentPurpose.SERVICE, ConsentStatus.OPT_IN, "web", Instant.now())),
                                null, null, Instant.now());
                        producer.send(new ProducerRecord<>(Topics.PROFILE_EVENTS, id.toString(), CODEC.encode(
                                CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, id, snapshot, JSON)))).get(10, TimeUnit.SECONDS);
                    }
                }
                awaitCount(infra, "SELECT count(*) FROM customer_facts", CUSTOMERS, Duration.ofSeconds(60));
                HttpClient http = HttpClient.newHttpClient();
                for (UUID id : customers) {
                    String body = JSON.writeValueAsString(Map.of("requestId", UUID.randomUUID().toString(), "customerId", id.toString(),
                            "category", "service", "allowedChannels", List.of("email"),
                            "content", List.of(Map.of("channel", "email", "subject", "Your order", "text", "It ships today."))));
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/deliveries"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + dev.rapport.infra.AccessTokens.shared().token("channel-app"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(201, response.statusCode(), response.body());
                }
                // kill it as soon as the first mails are out, while the rest are queued or being sent
                awaitCount(infra, "SELECT count(*) FROM delivery WHERE status = 'sent'", 1, Duration.ofSeconds(30));
                service.kill();
                long sentBeforeKill = count(infra, "SELECT count(*) FROM delivery WHERE status = 'sent'");
                System.out.printf("killed delivery-service with %d of %d messages sent, %d claimed mid-send%n", sentBeforeKill, CUSTOMERS,
                        count(infra, "SELECT count(*) FROM delivery WHERE status = 'sending'"));

                service = ServiceProcess.start("delivery-service", root.resolve("delivery-service"), port, config, List.of("-Xmx256m"), logs);
                service.awaitReady(Duration.ofSeconds(90));
                awaitCount(infra, "SELECT count(*) FROM delivery WHERE status IN ('sent', 'failed')", CUSTOMERS, Duration.ofSeconds(90));
            } finally {
                service.close();
            }

            long sent = count(infra, "SELECT count(*) FROM delivery WHERE status = 'sent'");
            long failed = count(infra, "SELECT count(*) FROM delivery WHERE status = 'failed'");
            List<String> mail = infra.smtp().receivedMessages().stream().map(message -> {
                try {
                    return message.getAllRecipients()[0].toString();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            System.out.printf("after restart: %d sent, %d failed (interrupted mid-send, not resent), %d mails received%n", sent, failed, mail.size());
            assertEquals(CUSTOMERS, sent + failed, "every message ends sent or failed");
            assertEquals(mail.size(), mail.stream().distinct().count(), "no customer got a mail twice");
            assertTrue(mail.size() >= sent, "every message marked sent was received");
            assertTrue(failed <= 1, "at most the one message in flight is lost to the crash: " + failed);
            assertTrue(mail.size() <= sent + failed, "nothing was mailed that is not accounted for");
        }
    }

    private static void awaitCount(RapportInfrastructure infra, String sql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(infra, sql) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sql + " did not reach " + expected + " within " + timeout + " (is " + count(infra, sql) + ")");
            }
            Thread.sleep(50);
        }
    }

    private static long count(RapportInfrastructure infra, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl("delivery"), infra.postgres().username(), "");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
