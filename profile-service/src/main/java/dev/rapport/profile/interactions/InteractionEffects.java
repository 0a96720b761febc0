package dev.rapport.profile.interactions;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.messaging.inbox.EventInbox;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.contracts.IdentityRules;
import dev.rapport.profile.identity.ProfileIdentity;
import dev.rapport.profile.privacy.ErasedProfile;
import dev.rapport.profile.profiles.Profile;
import dev.rapport.profile.profiles.ProfileConfig;
import dev.rapport.profile.profiles.ProfileService;
import dev.rapport.profile.value.ValueConfig;
import dev.rapport.profile.value.ValueLock;
import dev.rapport.profile.value.ValueService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What interactions do to profiles: an interaction from an unknown identity creates a prospect
 * (with the identity's provisional id, which interaction-service already keys it by), an unknown
 * identity seen with a known customer is attached to that customer, and a purchase updates the
 * customer's value, once.
 */
@ApplicationScoped
public class InteractionEffects {

    static final String CONSUMER = "profile-service.interactions";

    private final EventInbox inbox;
    private final ObjectMapper mapper;
    private final ProfileEvents events;
    private final ValueService values;
    private final ValueConfig valueConfig;
    private final ProfileConfig profileConfig;

    public InteractionEffects(EventInbox inbox, ObjectMapper mapper, ProfileEvents events, ValueService values,
                              ValueConfig valueConfig, ProfileConfig profileConfig) {
        this.inbox = inbox;
        this.mapper = mapper;
        this.events = events;
        this.values = values;
        this.valueConfig = valueConfig;
        this.profileConfig = profileConfig;
    }

    @Incoming("interaction-events")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbox.consume(batch, CONSUMER, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        if (!EventTypes.INTERACTION_RECORDED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        InteractionRecorded interaction = event.dataAs(InteractionRecorded.class, mapper);
        Identity identity = usableIdentity(interaction.identity());
        Uni<Void> lock = isPurchase(interaction) ? ValueLock.forWriting() : Uni.createFrom().voidItem();
        return lock.flatMap(locked -> customerOf(interaction.customerId(), identity)).flatMap(profile -> {
            if (profile == null || !isPurchase(interaction)) {
                return Uni.createFrom().voidItem();
            }
            return values.recordPurchase(profile.id, interaction).flatMap(counted -> {
                if (!counted) {
                    return Uni.createFrom().voidItem();
                }
                profile.touch(now());
                return events.changed(profile);
            });
        });
    }

    private boolean isPurchase(InteractionRecorded interaction) {
        return valueConfig.purchaseType().equals(interaction.type()) && interaction.amount() != null
                && interaction.interactionId() != null && interaction.occurredAt() != null
                && interaction.amount().signum() > 0;
    }

    /** The profile this interaction belongs to, created as a prospect if nobody is known; null for an erased customer. */
    private Uni<Profile> customerOf(UUID customerId, Identity identity) {
        Uni<ProfileIdentity> owner = identity == null ? Uni.createFrom().nullItem() : ProfileIdentity.findByIdentity(identity);
        return owner.flatMap(known -> {
            if (known != null) {
                return ProfileService.resolve(known.customerId);
            }
            UUID candidate = customerId != null ? customerId : identity == null ? null : identity.provisionalCustomerId();
            if (candidate == null) {
                return Uni.createFrom().nullItem();
            }
            return ProfileService.resolve(candidate).flatMap(profile -> {
                if (profile != null) {
                    return identity == null ? Uni.createFrom().item(profile) : attach(profile, identity);
                }
                return ErasedProfile.isErased(candidate).flatMap(erased -> erased
                        ? Uni.createFrom().nullItem()
                        : createProspect(candidate, identity));
            });
        });
    }

    private Uni<Profile> attach(Profile profile, Identity identity) {
        Instant now = now();
        profile.touch(now);
        return ProfileIdentity.of(profile.id, identity, now).persist()
                .flatMap(ignored -> events.changed(profile))
                .replaceWith(profile);
    }

    private Uni<Profile> createProspect(UUID id, Identity identity) {
        Instant now = now();
        Profile prospect = new Profile();
        prospect.id = id;
        prospect.revision = 1;
        prospect.timeZone = profileConfig.defaultTimeZone();
        prospect.traits = mapper.createObjectNode();
        prospect.createdAt = now;
        prospect.updatedAt = now;
        Uni<Void> identities = identity == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> ProfileIdentity.of(id, identity, now).persist().replaceWithVoid());
        return prospect.persist()
                .flatMap(ignored -> identities)
                .flatMap(ignored -> events.changed(prospect))
                .replaceWith(prospect);
    }

    /** The identity in normal form, or null if it is missing or not valid (it is then ignored, not stored). */
    private static Identity usableIdentity(Identity identity) {
        if (identity == null || identity.type() == null || identity.value() == null || identity.value().isBlank()) {
            return null;
        }
        Identity normalized = IdentityRules.normalize(identity);
        return IdentityRules.problem(normalized).isPresent() ? null : normalized;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
