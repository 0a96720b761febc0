package dev.rapport.profile.interactions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.ConsentRevoked;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPointInvalidated;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.profile.consent.ConsentService;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.profile.identity.ProfileIdentity;
import dev.rapport.profile.profiles.ProfileService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What delivery-service learns that profile-service owns: a revoked consent (one-click
 * unsubscribe) is appended to the trail, a bounced or complained-about contact point is marked invalid.
 */
@ApplicationScoped
public class DeliveryEffects {

    static final String CONSUMER = "profile-service.delivery";

    private final EventInbox inbox;
    private final ObjectMapper mapper;
    private final ConsentService consents;
    private final ProfileEvents events;

    public DeliveryEffects(EventInbox inbox, ObjectMapper mapper, ConsentService consents, ProfileEvents events) {
        this.inbox = inbox;
        this.mapper = mapper;
        this.consents = consents;
        this.events = events;
    }

    @Incoming("delivery-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, CONSUMER, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        if (EventTypes.CONSENT_REVOKED.equals(event.type())) {
            ConsentRevoked revoked = event.dataAs(ConsentRevoked.class, mapper);
            return ProfileService.resolve(revoked.customerId()).flatMap(profile -> profile == null
                    ? Uni.createFrom().voidItem()
                    : consents.append(profile, revoked.channel(), revoked.purpose(), ConsentStatus.OPT_OUT,
                            revoked.source() == null ? "delivery-service" : revoked.source(), revoked.proof(), revoked.at())
                    .replaceWithVoid());
        }
        if (EventTypes.CONTACT_POINT_INVALIDATED.equals(event.type())) {
            ContactPointInvalidated invalidated = event.dataAs(ContactPointInvalidated.class, mapper);
            return ProfileService.resolve(invalidated.customerId()).flatMap(profile -> {
                if (profile == null) {
                    return Uni.createFrom().voidItem();
                }
                IdentityType type = switch (invalidated.channel()) {
                    case EMAIL -> IdentityType.EMAIL;
                    case SMS, PHONE -> IdentityType.PHONE;
                    case PUSH -> IdentityType.DEVICE_ID;
                    default -> null;
                };
                if (type == null) {
                    return Uni.createFrom().voidItem();
                }
                return ProfileIdentity.<ProfileIdentity>find("customerId = ?1 and type = ?2 and value = ?3",
                        profile.id, type.wire(), invalidated.address()).firstResult().flatMap(identity -> {
                            if (identity == null || !identity.valid) {
                                return Uni.createFrom().voidItem();
                            }
                            identity.valid = false;
                            identity.invalidReason = invalidated.reason();
                            profile.touch(Instant.now().truncatedTo(ChronoUnit.MICROS));
                            return events.changed(profile);
                        });
            });
        }
        return Uni.createFrom().voidItem();
    }
}
