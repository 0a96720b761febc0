package dev.rapport.messaging.inbox;

import dev.rapport.contracts.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;

/**
 * Sends a record no consumer can use to {@code rapport.dead-letter}: unchanged, under its key,
 * with its headers and the reason in {@code dead-letter-reason} (plus where it came from), as the
 * Kafka connector's own dead-letter queue does.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> kafka;

    public DeadLetters(@Channel("rapport-dead-letter") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> kafka) {
        this.kafka = kafka;
    }

    /** Emits once the broker has the dead letter. */
    public Uni<Void> send(KafkaRecord<String, String> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.getHeaders()) {
            headers.add(header);
        }
        headers.add(header("dead-letter-reason", reasonOf(reason)));
        if (reason.getCause() != null) {
            headers.add(header("dead-letter-cause", reasonOf(reason.getCause())));
        }
        headers.add(header("dead-letter-exception-class-name", reason.getClass().getName()));
        headers.add(header("dead-letter-topic", record.getTopic()));
        headers.add(header("dead-letter-partition", String.valueOf(record.getPartition())));
        headers.add(header("dead-letter-offset", String.valueOf(offsetOf(record))));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.DEAD_LETTER)
                .withKey(record.getKey())
                .withHeaders(headers)
                .build();
        return kafka.sendMessage(Message.of(record.getPayload()).addMetadata(metadata));
    }

    /** The record's offset in its partition, or -1 if it did not come from Kafka. */
    static long offsetOf(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset).orElse(-1L);
    }

    private static String reasonOf(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
