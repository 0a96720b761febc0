package dev.rapport.delivery;

import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.RefusingSmtpServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.rapport.delivery.DeliveryTesting.post;
import static dev.rapport.delivery.DeliveryTesting.profile;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No personal data in logs at INFO or above, even where a failure's own text quotes it: an SMTP
 * server refusing a recipient repeats the address in its answer, the mail client puts that answer
 * into its exception, and the sender logs the failure at every retry and records it as the reason.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
@WithTestResource(value = ProviderReceiver.class, scope = TestResourceScope.GLOBAL)
class PersonalDataInLogsTest {

    @Test
    void aRecipientTheSmtpServerRefusesIsLoggedAndRecordedWithoutTheAddress() throws Exception {
        UUID id = UUID.randomUUID();
        String address = "refused-" + id.toString().substring(0, 8) + "@example.com";
        profile(id, 1, "UTC", null, List.of(), address, true);
        int port = ConfigProvider.getConfig().getValue("quarkus.mailer.port", Integer.class);

        Capture capture = Capture.start();
        RapportInfrastructure.control("smtp.stop");
        try (RefusingSmtpServer smtp = RefusingSmtpServer.start(port)) {
            System.out.printf("[pii-logs] injected: customer %s with the e-mail address %s; an SMTP server on port %d that answers "
                    + "every RCPT TO with '550 5.1.1 <address>: Recipient address rejected'%n", id, address, port);
            Map<String, Object> body = DeliveryTesting.request(id, "service", List.of("email"), null);
            String requestId = post(body).statusCode(201).body("decision", equalTo("sent")).extract().path("requestId");
            JsonPath failed = Eventually.await(Duration.ofSeconds(40),
                    () -> given().get("/api/v1/deliveries/" + requestId).then().extract().jsonPath(),
                    d -> "failed".equals(d.getString("status")));
            String messageId = failed.getString("messageId");
            assertTrue(smtp.refused().contains("<" + address + ">"), "the server saw and refused the address: " + smtp.refused());

            List<String> lines = capture.lines();
            List<String> aboutTheMessage = lines.stream().filter(line -> line.contains(messageId)).toList();
            System.out.printf("[pii-logs] the server refused %d time(s); captured %d log records at INFO or above, %d about message %s, "
                    + "e.g.: %s%n", smtp.refused().size(), lines.size(), aboutTheMessage.size(), messageId,
                    aboutTheMessage.isEmpty() ? "-" : aboutTheMessage.get(0));
            assertFalse(aboutTheMessage.isEmpty(), "the failed attempts are logged");
            assertTrue(aboutTheMessage.stream().anyMatch(line -> line.contains("<e-mail>")),
                    "the server's answer is logged with the address masked: " + aboutTheMessage);
            for (String line : lines) {
                assertFalse(line.contains(address), "personal data in the log: " + line);
            }
            JsonPath conversation = given().get("/api/v1/conversations/" + id).then().statusCode(200).extract().jsonPath();
            String reason = conversation.getString("entries.findAll { it.kind == 'status' }[-1].reason");
            assertTrue(reason.startsWith("failed: ") && !reason.contains(address), reason);
            System.out.printf("[pii-logs] verified: none of the %d records contains %s; the delivery failed after %d attempts and "
                    + "the conversation says '%s'%n", lines.size(), address, failed.getInt("attempts"), reason);
        } finally {
            RapportInfrastructure.control("smtp.start");
            capture.stop();
        }
    }

    /** Every record of every logger at INFO or above while it runs, formatted with its stack trace. */
    private static final class Capture extends Handler {

        private final List<String> lines = new CopyOnWriteArrayList<>();

        static Capture start() {
            Capture capture = new Capture();
            capture.setLevel(Level.INFO);
            Logger.getLogger("").addHandler(capture);
            return capture;
        }

        void stop() {
            Logger.getLogger("").removeHandler(this);
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < Level.INFO.intValue()) {
                return;
            }
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringWriter text = new StringWriter().append(record.getLoggerName()).append(' ').append(String.valueOf(message));
            if (record.getThrown() != null) {
                text.append('\n');
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            lines.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
