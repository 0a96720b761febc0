package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code dev.rapport.profile.erased.v1}: purge everything about this customer, including ids merged into it. */
public record ProfileErased(UUID customerId, List<UUID> formerIds, List<Identity> identities, Instant erasedAt) {
}
