package dev.rapport.messaging;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.messaging.inbox.RejectedEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/** The test application's consumer: records one effect row per applied event. */
@ApplicationScoped
public class NoteEffects {

    private final EventInbox inbox;
    private final EventCodec codec;

    public NoteEffects(EventInbox inbox, EventCodec codec) {
        this.inbox = inbox;
        this.codec = codec;
    }

    @Incoming("test-notes")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, "test.note-effects", this::apply);
    }

    private Uni<Void> apply(CloudEvent event) {
        if (EventTypes.PROFILE_ERASED.equals(event.type())) {
            // as the services do: the customer's rows go, under every id it was known by
            ProfileErased erased = event.dataAs(ProfileErased.class, codec.mapper());
            return Panache.getSession().flatMap(session -> session
                    .createNativeQuery("DELETE FROM note_effect WHERE customer_id = ANY (:ids)")
                    .setParameter("ids", erased.everyId().toArray(UUID[]::new))
                    .executeUpdate()
                    .replaceWithVoid());
        }
        if (!NoteResource.TYPE.equals(event.type())) {
            return Uni.createFrom().failure(new RejectedEventException("unknown event type " + event.type()));
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("INSERT INTO note_effect (event_id, customer_id) VALUES (:id, :customer)")
                .setParameter("id", event.id())
                .setParameter("customer", UUID.fromString(event.subject()))
                .executeUpdate()
                .replaceWithVoid());
    }
}
