package dev.rapport.profile.privacy;

import dev.rapport.contracts.events.Identity;
import dev.rapport.profile.consent.ConsentRecord;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.profile.identity.ProfileIdentity;
import dev.rapport.profile.profiles.MergedProfile;
import dev.rapport.profile.profiles.Profile;
import dev.rapport.profile.profiles.ProfileService;
import dev.rapport.profile.value.CustomerValueRow;
import dev.rapport.profile.value.ValueLock;
import dev.rapport.profile.value.Purchase;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Erases a customer: profile, identities, consent trail, purchases, value and merge links are
 * deleted; only one-way hashes of the ids remain, so that late events cannot recreate the customer. The
 * erased event names the ids and identities so every other service can purge what it holds.
 */
@ApplicationScoped
public class ErasureService {

    private final ProfileEvents events;

    public ErasureService(ProfileEvents events) {
        this.events = events;
    }

    @WithTransaction
    public Uni<Void> erase(UUID id) {
        return ValueLock.forWriting().flatMap(locked -> ProfileService.existing(id)).flatMap(profile -> ProfileIdentity.listOf(profile.id)
                .flatMap(identities -> MergedProfile.<MergedProfile>list("survivorId", profile.id)
                        .flatMap(merged -> {
                            List<Identity> erasedIdentities = identities.stream().map(ProfileIdentity::asIdentity).toList();
                            List<UUID> formerIds = merged.stream().map(m -> m.mergedId).toList();
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            return purge(profile, formerIds, now)
                                    .flatMap(ignored -> events.erased(profile.id, formerIds, erasedIdentities, now));
                        })));
    }

    private static Uni<Void> purge(Profile profile, List<UUID> formerIds, Instant now) {
        UUID id = profile.id;
        List<UUID> allIds = new ArrayList<>(formerIds);
        allIds.add(id);
        return ProfileIdentity.delete("customerId", id)
                .flatMap(ignored -> ConsentRecord.delete("customerId", id))
                .flatMap(ignored -> Purchase.delete("customerId", id))
                .flatMap(ignored -> CustomerValueRow.delete("customerId", id))
                .flatMap(ignored -> MergedProfile.delete("survivorId", id))
                .flatMap(ignored -> profile.delete())
                .flatMap(ignored -> tombstones(allIds, now));
    }

    private static Uni<Void> tombstones(List<UUID> ids, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID erasedId : ids) {
            chain = chain.flatMap(ignored -> ErasedProfile.record(erasedId, now));
        }
        return chain;
    }
}
