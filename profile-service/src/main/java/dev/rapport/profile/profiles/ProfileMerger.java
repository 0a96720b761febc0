package dev.rapport.profile.profiles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.contracts.events.ChannelCap;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.profile.consent.ConsentRecord;
import dev.rapport.profile.consent.ConsentStates;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.profile.identity.ProfileIdentity;
import dev.rapport.profile.value.CustomerValueRow;
import dev.rapport.profile.value.ValueLock;
import dev.rapport.profile.value.ValueService;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Merges one profile into another. The survivor keeps every identity, the whole consent trail
 * of both (and where their current consents disagree, the stricter one, opt-out, is recorded
 * last), preferences (the survivor's, completed by the other's; caps take the lower), traits
 * and facts it lacks, and all purchases; value is recomputed from them. The merged id resolves
 * to the survivor from then on, and a merged event lets other services re-key.
 */
@ApplicationScoped
public class ProfileMerger {

    private final ProfileEvents events;
    private final ProfileService profiles;
    private final ValueService values;

    public ProfileMerger(ProfileEvents events, ProfileService profiles, ValueService values) {
        this.events = events;
        this.profiles = profiles;
        this.values = values;
    }

    @WithTransaction
    public Uni<ProfileView> merge(UUID survivorId, UUID otherId) {
        return ValueLock.forWriting().flatMap(locked -> ProfileService.existing(survivorId))
                .flatMap(survivor -> ProfileService.existing(otherId).flatMap(other -> {
            if (survivor.id.equals(other.id)) {
                throw new ProblemException(ProblemType.CONFLICT, "profile " + otherId + " is already " + survivorId);
            }
            Instant now = ProfileService.now();
            absorbFields(survivor, other);
            survivor.touch(now);
            return ConsentRecord.trailOf(survivor.id).flatMap(survivorTrail -> ConsentRecord.trailOf(other.id)
                    .flatMap(otherTrail -> rekey(other.id, survivor.id, now)
                            .flatMap(ignored -> keepStricterConsents(survivor.id, other.id, survivorTrail, otherTrail, now))))
                    .flatMap(ignored -> CustomerValueRow.deleteById(other.id))
                    .flatMap(ignored -> Profile.deleteById(other.id))
                    .flatMap(ignored -> values.recompute(survivor.id))
                    .flatMap(ignored -> events.merged(survivor.id, other.id, now))
                    .flatMap(ignored -> events.changed(survivor))
                    .flatMap(ignored -> profiles.viewOf(survivor));
        }));
    }

    /** Moves everything keyed by the merged id to the survivor, and lets earlier merges into it point at the survivor. */
    private static Uni<Void> rekey(UUID from, UUID to, Instant now) {
        return ProfileIdentity.update("customerId = ?1 where customerId = ?2", to, from)
                .flatMap(ignored -> ConsentRecord.update("customerId = ?1 where customerId = ?2", to, from))
                .flatMap(ignored -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("UPDATE purchase SET customer_id = :to WHERE customer_id = :from")
                        .setParameter("to", to).setParameter("from", from).executeUpdate()))
                .flatMap(ignored -> MergedProfile.update("survivorId = ?1 where survivorId = ?2", to, from))
                .flatMap(ignored -> {
                    MergedProfile merged = new MergedProfile();
                    merged.mergedId = from;
                    merged.survivorId = to;
                    merged.mergedAt = now;
                    return merged.persist();
                })
                .replaceWithVoid();
    }

    private static Uni<Void> keepStricterConsents(UUID survivorId, UUID otherId, List<ConsentRecord> survivorTrail,
                                                  List<ConsentRecord> otherTrail, Instant now) {
        Map<String, ConsentState> survivorNow = byKey(ConsentStates.current(survivorTrail));
        Map<String, ConsentState> otherNow = byKey(ConsentStates.current(otherTrail));
        List<ConsentRecord> resolutions = new ArrayList<>();
        for (Map.Entry<String, ConsentState> entry : otherNow.entrySet()) {
            ConsentState mine = survivorNow.get(entry.getKey());
            ConsentState theirs = entry.getValue();
            ConsentState winner = mine == null ? theirs
                    : mine.status() == theirs.status() ? mine
                    : mine.status() == ConsentStatus.OPT_OUT ? mine : theirs;
            resolutions.add(resolution(survivorId, otherId, winner, now));
        }
        for (Map.Entry<String, ConsentState> entry : survivorNow.entrySet()) {
            if (!otherNow.containsKey(entry.getKey())) {
                resolutions.add(resolution(survivorId, otherId, entry.getValue(), now));
            }
        }
        // the trails are interleaved now: a closing statement per channel and purpose makes the merged state explicit
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConsentRecord record : resolutions) {
            chain = chain.flatMap(ignored -> record.persist().replaceWithVoid());
        }
        return chain;
    }

    private static ConsentRecord resolution(UUID survivorId, UUID otherId, ConsentState state, Instant now) {
        ConsentRecord record = new ConsentRecord();
        record.customerId = survivorId;
        record.channel = state.channel().wire();
        record.purpose = state.purpose().wire();
        record.status = state.status().wire();
        record.source = "merge";
        record.proof = "profile " + otherId + " merged; kept the stricter consent, " + state.status().wire()
                + " (stated via " + state.source() + ")";
        record.recordedAt = now;
        return record;
    }

    private static Map<String, ConsentState> byKey(List<ConsentState> states) {
        Map<String, ConsentState> byKey = new HashMap<>();
        for (ConsentState state : states) {
            byKey.put(state.channel().wire() + "|" + state.purpose().wire(), state);
        }
        return byKey;
    }

    private static void absorbFields(Profile survivor, Profile other) {
        if (survivor.givenName == null && survivor.familyName == null) {
            survivor.title = other.title;
            survivor.givenName = other.givenName;
            survivor.familyName = other.familyName;
        }
        if (survivor.address == null) {
            survivor.address = other.address;
        }
        if (survivor.locale == null) {
            survivor.locale = other.locale;
        }
        if (survivor.lifeFacts == null) {
            survivor.lifeFacts = other.lifeFacts;
        }
        if (other.traits != null && other.traits.isObject()) {
            ObjectNode traits = ((ObjectNode) other.traits).deepCopy();
            if (survivor.traits != null && survivor.traits.isObject()) {
                traits.setAll((ObjectNode) survivor.traits);
            }
            survivor.traits = traits;
        }
        survivor.preferences = mergedPreferences(survivor.preferences, other.preferences);
        if (survivor.createdAt.isAfter(other.createdAt)) {
            survivor.createdAt = other.createdAt;
        }
    }

    /** The survivor's stated preferences, completed by the other's; where both cap contacts, the lower cap. */
    static ContactPreferences mergedPreferences(ContactPreferences mine, ContactPreferences theirs) {
        if (theirs == null) {
            return mine;
        }
        if (mine == null) {
            return theirs;
        }
        Integer maxPerWeek = mine.maxPerWeek() == null ? theirs.maxPerWeek()
                : theirs.maxPerWeek() == null ? mine.maxPerWeek() : Math.min(mine.maxPerWeek(), theirs.maxPerWeek());
        Map<Object, ChannelCap> caps = new HashMap<>();
        for (List<ChannelCap> list : List.of(
                theirs.channelCaps() == null ? List.<ChannelCap>of() : theirs.channelCaps(),
                mine.channelCaps() == null ? List.<ChannelCap>of() : mine.channelCaps())) {
            for (ChannelCap cap : list) {
                caps.merge(cap.channel(), cap, (a, b) -> a.maxPerWeek() <= b.maxPerWeek() ? a : b);
            }
        }
        Instant pausedUntil = mine.pausedUntil() == null ? theirs.pausedUntil()
                : theirs.pausedUntil() == null ? mine.pausedUntil()
                : mine.pausedUntil().isAfter(theirs.pausedUntil()) ? mine.pausedUntil() : theirs.pausedUntil();
        return new ContactPreferences(
                mine.channels() != null ? mine.channels() : theirs.channels(),
                maxPerWeek,
                caps.isEmpty() ? null : new ArrayList<>(caps.values()),
                mine.quietHours() != null ? mine.quietHours() : theirs.quietHours(),
                mine.preferredDays() != null ? mine.preferredDays() : theirs.preferredDays(),
                mine.topics() != null ? mine.topics() : theirs.topics(),
                pausedUntil);
    }
}
