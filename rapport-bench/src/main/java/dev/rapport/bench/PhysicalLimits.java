package dev.rapport.bench;

import dev.rapport.infra.RapportInfrastructure;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the embedded servers themselves can do on this machine, so the suite's figures can be
 * read as a share of it: PostgreSQL rows/s in 100-row INSERT transactions of interaction-shaped
 * rows, Kafka 500-byte records/s from one producer to one partition (acks=all), and mails/s the
 * SMTP server accepts over one reused connection.
 */
public final class PhysicalLimits {

    /** The three limits, per second. */
    public record Limits(double postgresRowsPerSecond, double kafkaRecordsPerSecond, double smtpMailsPerSecond) {
    }

    private PhysicalLimits() {
    }

    public static Limits measure(RapportInfrastructure infra, Duration each) throws Exception {
        return new Limits(postgres(infra, each), kafka(infra, each), smtp(infra, each));
    }

    static double postgres(RapportInfrastructure infra, Duration duration) throws Exception {
        infra.postgres().createDatabase("bench_limits");
        try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl("bench_limits"), infra.postgres().username(), "")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS limit_rows");
                ddl.execute("""
                        CREATE TABLE limit_rows (id uuid PRIMARY KEY, customer_id uuid NOT NULL, channel text NOT NULL, type text NOT NULL,
                                                 occurred_at timestamptz NOT NULL, details jsonb)""");
                ddl.execute("CREATE INDEX limit_rows_customer ON limit_rows (customer_id, occurred_at)");
            }
            StringBuilder sql = new StringBuilder("INSERT INTO limit_rows (id, customer_id, channel, type, occurred_at, details) VALUES ");
            for (int i = 0; i < 100; i++) {
                sql.append(i == 0 ? "" : ",").append("(?, ?, 'web', 'page-view', now(), CAST(? AS jsonb))");
            }
            long rows = 0;
            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                while (System.nanoTime() < deadline) {
                    for (int i = 0; i < 100; i++) {
                        insert.setObject(i * 3 + 1, UUID.randomUUID());
                        insert.setObject(i * 3 + 2, new UUID(0, (long) (Math.random() * 100_000)));
                        insert.setString(i * 3 + 3, "{\"url\": \"https://shop.example.com/products/" + i + "\"}");
                    }
                    rows += insert.executeUpdate(); // autocommit: one transaction per 100 rows
                }
            }
            return rows / ((System.nanoTime() - started) / 1e9);
        }
    }

    static double kafka(RapportInfrastructure infra, Duration duration) throws Exception {
        String topic = "bench.limits." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        String value = "x".repeat(500);
        AtomicReference<Exception> failed = new AtomicReference<>();
        long records = 0;
        long started;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            started = System.nanoTime();
            long deadline = started + duration.toNanos();
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 1_000; i++) {
                    producer.send(new ProducerRecord<>(topic, null, value), (metadata, e) -> {
                        if (e != null) {
                            failed.set(e);
                        }
                    });
                }
                records += 1_000;
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return records / ((System.nanoTime() - started) / 1e9);
    }

    static double smtp(RapportInfrastructure infra, Duration duration) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(infra.smtp().port()));
        Session session = Session.getInstance(properties);
        long mails = 0;
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            while (System.nanoTime() < deadline) {
                MimeMessage mail = new MimeMessage(session);
                mail.setFrom(new InternetAddress("bench@rapport.example"));
                mail.setRecipient(Message.RecipientType.TO, new InternetAddress("limit-" + (mails % 1000) + "@example.com"));
                mail.setSubject("Thank you for your order");
                mail.setText("Thank you for your order. Your next offer: 10 % off. " + Instant.now());
                mail.saveChanges();
                transport.sendMessage(mail, mail.getAllRecipients());
                mails++;
            }
        }
        double perSecond = mails / ((System.nanoTime() - started) / 1e9);
        infra.smtp().purge();
        return perSecond;
    }
}
