package dev.rapport.interaction;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.contracts.events.ProfileMerged;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.rapport.interaction.InteractionTesting.JSON;
import static dev.rapport.interaction.InteractionTesting.publish;

/** Publishes profile events as profile-service would. */
final class ProfileEvents {

    private static final String SOURCE = "/rapport/profile-service";

    private ProfileEvents() {
    }

    static void changed(UUID customer, Identity... identities) {
        ProfileChanged snapshot = new ProfileChanged(customer, 1, null, null, "UTC", null, JSON.createObjectNode(), null,
                List.of(identities), List.of(), List.of(), null, null, Instant.now());
        publish(Topics.PROFILE_EVENTS, customer, CloudEvent.of(SOURCE, EventTypes.PROFILE_CHANGED, customer, snapshot, JSON));
    }

    static void merged(UUID survivor, UUID merged) {
        publish(Topics.PROFILE_EVENTS, survivor, CloudEvent.of(SOURCE, EventTypes.PROFILE_MERGED, survivor,
                new ProfileMerged(survivor, merged, Instant.now()), JSON));
    }

    static void erased(UUID customer, List<UUID> formerIds, List<Identity> identities) {
        publish(Topics.PROFILE_EVENTS, customer, CloudEvent.of(SOURCE, EventTypes.PROFILE_ERASED, customer,
                new ProfileErased(customer, formerIds, identities, Instant.now()), JSON));
    }
}
