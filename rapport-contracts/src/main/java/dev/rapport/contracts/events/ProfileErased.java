package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code dev.rapport.profile.erased.v1}: purge everything about this customer, including ids merged into it. */
public record ProfileErased(UUID customerId, List<UUID> formerIds, List<Identity> identities, Instant erasedAt) {

    /** Every id anything may be held under: the customer's, those merged into it, and the provisional ids of its identities. */
    public List<UUID> everyId() {
        List<UUID> ids = new java.util.ArrayList<>();
        ids.add(customerId);
        if (formerIds != null) {
            ids.addAll(formerIds);
        }
        if (identities != null) {
            identities.forEach(identity -> ids.add(identity.provisionalCustomerId()));
        }
        return ids;
    }
}
