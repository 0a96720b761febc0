package dev.rapport.profile.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.PostalAddress;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.contracts.events.ProfileMerged;
import dev.rapport.messaging.outbox.Outbox;
import dev.rapport.profile.consent.ConsentRecord;
import dev.rapport.profile.consent.ConsentStates;
import dev.rapport.profile.identity.ProfileIdentity;
import dev.rapport.profile.profiles.Profile;
import dev.rapport.profile.value.CustomerValueRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes profile events through the outbox, inside the caller's transaction. A change event
 * carries the whole snapshot other services need, so their projections never ask back.
 */
@ApplicationScoped
public class ProfileEvents {

    static final String SOURCE = "/rapport/profile-service";

    private final Outbox outbox;
    private final ObjectMapper mapper;

    public ProfileEvents(Outbox outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    public Uni<Void> changed(Profile profile) {
        return snapshot(profile).flatMap(snapshot -> outbox.publish(Topics.PROFILE_EVENTS,
                CloudEvent.of(SOURCE, EventTypes.PROFILE_CHANGED, profile.id, snapshot, mapper)));
    }

    public Uni<Void> merged(UUID survivorId, UUID mergedId, Instant at) {
        return outbox.publish(Topics.PROFILE_EVENTS, CloudEvent.of(SOURCE, EventTypes.PROFILE_MERGED, survivorId,
                new ProfileMerged(survivorId, mergedId, at), mapper));
    }

    public Uni<Void> erased(UUID customerId, List<UUID> formerIds, List<Identity> identities, Instant at) {
        return outbox.publish(Topics.PROFILE_EVENTS, CloudEvent.of(SOURCE, EventTypes.PROFILE_ERASED, customerId,
                new ProfileErased(customerId, formerIds, identities, at), mapper));
    }

    public Uni<ProfileChanged> snapshot(Profile profile) {
        return ProfileIdentity.listOf(profile.id).flatMap(identities -> ConsentRecord.trailOf(profile.id)
                .flatMap(trail -> CustomerValueRow.<CustomerValueRow>findById(profile.id)
                        .map(value -> new ProfileChanged(profile.id, profile.revision, nameOf(profile), profile.address,
                                profile.timeZone, profile.locale, profile.traits, profile.lifeFacts,
                                identities.stream().map(ProfileIdentity::asIdentity).toList(),
                                contactPoints(identities, profile.address),
                                ConsentStates.current(trail), profile.preferences,
                                value == null ? CustomerValueRow.none() : value.asValue(), profile.updatedAt))));
    }

    private static PersonName nameOf(Profile profile) {
        return profile.title == null && profile.givenName == null && profile.familyName == null
                ? null : new PersonName(profile.title, profile.givenName, profile.familyName);
    }

    /** Where each channel reaches the customer: e-mail, phone (SMS and calls), device (push), postal address (mail). */
    static List<ContactPoint> contactPoints(List<ProfileIdentity> identities, PostalAddress address) {
        List<ContactPoint> points = new ArrayList<>();
        for (ProfileIdentity identity : identities) {
            switch (identity.type) {
                case "email" -> points.add(new ContactPoint(Channel.EMAIL, identity.value, identity.valid));
                case "phone" -> {
                    points.add(new ContactPoint(Channel.SMS, identity.value, identity.valid));
                    points.add(new ContactPoint(Channel.PHONE, identity.value, identity.valid));
                }
                case "device-id" -> points.add(new ContactPoint(Channel.PUSH, identity.value, identity.valid));
                default -> {
                    // loyalty cards, customer numbers and cookies identify, they do not reach anyone
                }
            }
        }
        if (address != null && address.lines() != null && !address.lines().isEmpty() && address.city() != null) {
            points.add(new ContactPoint(Channel.MAIL, String.join(", ", address.lines()) + ", "
                    + (address.postalCode() == null ? "" : address.postalCode() + " ") + address.city(), true));
        }
        return points;
    }
}
