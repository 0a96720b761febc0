package dev.rapport.interaction.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.messaging.inbox.RejectedEventException;
import dev.rapport.web.FieldErrors;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/**
 * Bulk ingest from {@code rapport.interaction.ingest}: the same checks and the same idempotence as
 * the HTTP API; an invalid interaction is dead-lettered with the reason, the rest keep flowing.
 */
@ApplicationScoped
public class IngestTopicConsumer {

    static final String CONSUMER = "interaction-service.ingest";

    private final EventInbox inbox;
    private final InteractionValidator validator;
    private final IngestService ingest;
    private final ObjectMapper mapper;

    public IngestTopicConsumer(EventInbox inbox, InteractionValidator validator, IngestService ingest, ObjectMapper mapper) {
        this.inbox = inbox;
        this.validator = validator;
        this.ingest = ingest;
        this.mapper = mapper;
    }

    @Incoming("interaction-ingest")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, CONSUMER, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.INTERACTION_SUBMITTED.equals(event.type())) {
            throw new RejectedEventException("unknown event type " + event.type() + " on the ingest topic");
        }
        InteractionValidator.Outcome outcome = validator.check(event.data() == null ? mapper.nullNode() : event.data());
        if (!outcome.valid()) {
            throw new RejectedEventException("invalid interaction: " + FieldErrors.detail(outcome.errors()) + " "
                    + outcome.errors());
        }
        return ingest.storeInCurrentTransaction(List.of(outcome.checked())).replaceWithVoid();
    }
}
