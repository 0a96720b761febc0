package dev.rapport.interaction.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.ResponseTracked;
import dev.rapport.interaction.ingest.IngestService;
import dev.rapport.interaction.ingest.InteractionRequest;
import dev.rapport.interaction.ingest.InteractionValidator.Checked;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.messaging.inbox.RejectedEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/**
 * The outbound side of the history, from delivery events: every message sent becomes an outbound
 * {@code message-sent} interaction, every tracked open, click or unsubscribe an inbound one linked
 * to the message and campaign it answers. Their client ids derive from the message and event, so
 * a redelivered event records nothing twice.
 */
@ApplicationScoped
public class DeliveryHistory {

    static final String CONSUMER = "interaction-service.delivery";

    private final EventInbox inbox;
    private final IngestService ingest;
    private final ObjectMapper mapper;

    public DeliveryHistory(EventInbox inbox, IngestService ingest, ObjectMapper mapper) {
        this.inbox = inbox;
        this.ingest = ingest;
        this.mapper = mapper;
    }

    @Incoming("delivery-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, CONSUMER, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        if (EventTypes.DELIVERY_DECIDED.equals(event.type())) {
            DeliveryDecided decided = event.dataAs(DeliveryDecided.class, mapper);
            if (decided.decision() != Decision.SENT || decided.channel() == null) {
                return Uni.createFrom().voidItem();
            }
            if (decided.messageId() == null) {
                // its client id would be "delivery:null", the same for every such event
                throw new RejectedEventException("a sent " + event.type() + " needs its messageId");
            }
            ObjectNode details = mapper.createObjectNode();
            if (decided.offerId() != null) {
                details.put("offerId", decided.offerId());
            }
            InteractionRequest sent = new InteractionRequest("delivery:" + decided.messageId(), decided.customerId(), null,
                    decided.channel(), Direction.OUTBOUND, "message-sent", decided.decidedAt(), decided.campaignId(),
                    decided.messageId(), decided.variant(), null, null, details);
            return record(new Checked(sent, Direction.OUTBOUND, null, details));
        }
        if (EventTypes.RESPONSE_TRACKED.equals(event.type())) {
            ResponseTracked response = event.dataAs(ResponseTracked.class, mapper);
            ObjectNode details = mapper.createObjectNode();
            String type = switch (response.kind()) {
                case OPEN -> "open";
                case CLICK -> {
                    details.put("url", response.target() == null ? "" : response.target());
                    yield "click";
                }
                case UNSUBSCRIBE -> "unsubscribe";
                case REPLY -> "reply";
                default -> null;
            };
            if (type == null || response.channel() == null) {
                return Uni.createFrom().voidItem();
            }
            if (response.messageId() == null) {
                throw new RejectedEventException("a " + event.type() + " needs the messageId of the message it answers");
            }
            InteractionRequest tracked = new InteractionRequest("tracking:" + event.id(), response.customerId(), null,
                    response.channel(), Direction.INBOUND, type, response.at(), response.campaignId(), response.messageId(),
                    response.variant(), null, null, details);
            return record(new Checked(tracked, Direction.INBOUND, null, details));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> record(Checked interaction) {
        return ingest.storeInCurrentTransaction(List.of(interaction)).replaceWithVoid();
    }
}
