package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code dev.rapport.delivery.consent-revoked.v1}: the customer opted out (e.g. one-click unsubscribe); profile-service records it. */
public record ConsentRevoked(
        UUID customerId,
        Channel channel,
        ConsentPurpose purpose,
        String source,
        String proof,
        UUID messageId,
        Instant at) {
}
