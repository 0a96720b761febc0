package dev.rapport.delivery.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.messaging.inbox.RejectedEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Delivery requests from campaigns, each decided once (by event id, and by request id). */
@ApplicationScoped
public class DeliveryRequestConsumer {

    static final String CONSUMER = "delivery-service.requests";

    private final EventInbox inbox;
    private final DeliveryService deliveries;
    private final ObjectMapper mapper;
    private final Sender sender;

    public DeliveryRequestConsumer(EventInbox inbox, DeliveryService deliveries, ObjectMapper mapper, Sender sender) {
        this.inbox = inbox;
        this.deliveries = deliveries;
        this.mapper = mapper;
        this.sender = sender;
    }

    /** After each batch the sender looks at once: what the batch queued is committed now. */
    @Incoming("delivery-requests")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, CONSUMER, this::apply).invoke(sender::nudge);
    }

    Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.DELIVERY_REQUESTED.equals(event.type())) {
            throw new RejectedEventException("unknown event type " + event.type() + " on the delivery request topic");
        }
        DeliveryRequested request = event.dataAs(DeliveryRequested.class, mapper);
        if (request.requestId() == null || request.customerId() == null || request.category() == null
                || request.allowedChannels() == null || request.allowedChannels().isEmpty()) {
            throw new RejectedEventException("a delivery request needs requestId, customerId, category and allowedChannels");
        }
        // what the HTTP API requires of a direct request: channels and content without gaps, each content with its channel and text
        if (request.allowedChannels().stream().anyMatch(java.util.Objects::isNull) || request.content() == null || request.content().isEmpty()
                || request.content().stream().anyMatch(c -> c == null || c.channel() == null || c.text() == null)) {
            throw new RejectedEventException("a delivery request needs allowedChannels without nulls and content, each with channel and text");
        }
        return deliveries.request(request).replaceWithVoid();
    }
}
