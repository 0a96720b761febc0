package dev.rapport.profile.consent;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.profile.profiles.Profile;
import dev.rapport.profile.profiles.ProfileService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Records consent statements (append-only) and answers with the current state and the trail. */
@ApplicationScoped
public class ConsentService {

    private final ProfileEvents events;

    public ConsentService(ProfileEvents events) {
        this.events = events;
    }

    @WithTransaction
    public Uni<ConsentsView> record(UUID customerId, Channel channel, ConsentChange change) {
        return ProfileService.existing(customerId).flatMap(profile -> append(profile, channel, change.purpose(), change.status(),
                change.source(), change.proof(), change.recordedAt()))
                .flatMap(profile -> ConsentRecord.trailOf(profile.id).map(trail -> ConsentsView.of(profile.id, trail)));
    }

    @WithSession
    public Uni<ConsentsView> read(UUID customerId) {
        return ProfileService.existing(customerId)
                .flatMap(profile -> ConsentRecord.trailOf(profile.id).map(trail -> ConsentsView.of(profile.id, trail)));
    }

    /** Appends one statement to the profile's trail and publishes the new snapshot; inside the caller's transaction. */
    public Uni<Profile> append(Profile profile, Channel channel, ConsentPurpose purpose, ConsentStatus status,
                               String source, String proof, Instant recordedAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ConsentRecord record = new ConsentRecord();
        record.customerId = profile.id;
        record.channel = channel.wire();
        record.purpose = purpose.wire();
        record.status = status.wire();
        record.source = source;
        record.proof = proof;
        record.recordedAt = recordedAt == null ? now : recordedAt.truncatedTo(ChronoUnit.MICROS);
        profile.touch(now);
        return record.persist().flatMap(ignored -> events.changed(profile)).replaceWith(profile);
    }
}
