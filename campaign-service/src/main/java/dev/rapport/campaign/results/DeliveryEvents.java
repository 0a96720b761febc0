package dev.rapport.campaign.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.DeliveryStatusChanged;
import dev.rapport.contracts.events.ResponseTracked;
import dev.rapport.messaging.inbox.EventInbox;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows delivery-service's decisions, status changes and tracked responses into campaign results. */
@ApplicationScoped
public class DeliveryEvents {

    private final EventInbox inbox;
    private final Attribution attribution;
    private final ObjectMapper mapper;

    public DeliveryEvents(EventInbox inbox, Attribution attribution, ObjectMapper mapper) {
        this.inbox = inbox;
        this.attribution = attribution;
        this.mapper = mapper;
    }

    @Incoming("delivery-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, "campaign-service.delivery", this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.DELIVERY_DECIDED -> attribution.onDecided(event.dataAs(DeliveryDecided.class, mapper));
            case EventTypes.DELIVERY_STATUS_CHANGED -> attribution.onStatus(event.dataAs(DeliveryStatusChanged.class, mapper));
            case EventTypes.RESPONSE_TRACKED -> attribution.onResponse(event.dataAs(ResponseTracked.class, mapper));
            default -> Uni.createFrom().voidItem();
        };
    }
}
