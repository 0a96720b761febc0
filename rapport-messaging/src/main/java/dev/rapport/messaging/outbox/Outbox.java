package dev.rapport.messaging.outbox;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.messaging.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the transactional outbox. Call it inside the transaction that makes the
 * change (e.g. from a {@code @WithTransaction} method): the event row commits or rolls back with
 * the change, and {@link OutboxRelay} publishes committed rows to Kafka, keyed by customer id.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec;
    private final OutboxRelay relay;

    public Outbox(EventCodec codec, OutboxRelay relay) {
        this.codec = codec;
        this.relay = relay;
    }

    /** Adds the event to the current transaction; it is published once the transaction commits. */
    public Uni<Void> publish(String topic, CloudEvent event) {
        return Panache.getSession()
                .flatMap(session -> session.persist(toRow(topic, event)))
                .invoke(relay::nudge);
    }

    /** Adds several events to the current transaction with one multi-row INSERT. */
    public Uni<Void> publishAll(String topic, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            CloudEvent event = events.get(i);
            ids[i] = UUID.fromString(event.id());
            keys[i] = event.subject();
            types[i] = event.type();
            payloads[i] = codec.encode(event);
        }
        // unnest keeps the order of the arrays, so seq follows the order of the events
        return NativeSql.execute("""
                        INSERT INTO rapport_outbox (id, topic, message_key, event_type, payload)
                        SELECT id, ?1, message_key, event_type, payload
                        FROM unnest(CAST(?2 AS uuid[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS text[]))
                             WITH ORDINALITY AS t(id, message_key, event_type, payload, position)
                        ORDER BY position""", topic, ids, keys, types, payloads)
                .replaceWithVoid()
                .invoke(relay::nudge);
    }

    private OutboxMessage toRow(String topic, CloudEvent event) {
        OutboxMessage row = new OutboxMessage();
        row.id = UUID.fromString(event.id());
        row.topic = topic;
        row.messageKey = event.subject();
        row.eventType = event.type();
        row.payload = codec.encode(event);
        row.createdAt = Instant.now();
        return row;
    }
}
